-- A small shop's users, their orders and what was in them (the dataset your queries run on).
CREATE TABLE users (
  id    integer PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name  text NOT NULL
);

CREATE TABLE orders (
  id         integer PRIMARY KEY,
  user_id    integer REFERENCES users (id),
  ordered_on date NOT NULL
);

CREATE TABLE products (
  id    integer PRIMARY KEY,
  name  text NOT NULL,
  price numeric(8, 2) NOT NULL
);

CREATE TABLE order_items (
  order_id   integer NOT NULL REFERENCES orders (id),
  product_id integer NOT NULL REFERENCES products (id),
  quantity   integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (order_id, product_id)
);

INSERT INTO users (id, email, name) VALUES
  (1, 'ana@example.com',   'Ana'),
  (2, 'ben@example.com',   'Ben'),
  (3, 'chloe@example.com', 'Chloe'),
  (4, 'dev@example.com',   'Dev'),
  (5, 'eva@example.com',   'Eva'),
  (6, 'finn@example.com',  'Finn'),
  (7, 'gus@example.com',   'Gus');

INSERT INTO orders (id, user_id, ordered_on) VALUES
  (1, 1, '2024-05-02'),
  (2, 2, '2024-05-03'),
  (3, 1, '2024-05-06'),
  (4, 3, '2024-05-06'),
  (5, 5, '2024-05-08'),
  (6, 2, '2024-05-10'),
  (7, 1, '2024-05-11'),
  (8, 7, '2024-05-13'),
  (9, 5, '2024-05-14');

INSERT INTO products (id, name, price) VALUES
  (1, 'Notebook',     4.50),
  (2, 'Gel pen',      1.80),
  (3, 'Desk lamp',    42.90),
  (4, 'Stapler',      12.50),
  (5, 'Backpack',     39.00),
  (6, 'Water bottle', 15.00),
  (7, 'Headphones',   59.90);

INSERT INTO order_items (order_id, product_id, quantity) VALUES
  (1, 1, 2),
  (1, 2, 5),
  (2, 3, 1),
  (3, 6, 1),
  (3, 1, 1),
  (4, 5, 1),
  (4, 2, 10),
  (4, 4, 1),
  (5, 7, 1),
  (6, 1, 3),
  (7, 4, 2),
  (8, 6, 2),
  (8, 3, 1),
  (9, 2, 4);
