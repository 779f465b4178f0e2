-- A second dataset, never shown to learners: the same tables, with the cases a query fitted to
-- the visible rows gets wrong (guest orders whose user_id is NULL, users without orders whose
-- ids match order ids, a tie in what two users spent).
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
  (1, 'zoe@example.com',  'Zoe'),
  (2, 'yann@example.com', 'Yann'),
  (3, 'xia@example.com',  'Xia'),
  (4, 'will@example.com', 'Will'),
  (5, 'vera@example.com', 'Vera'),
  (6, 'uma@example.com',  'Uma');

INSERT INTO orders (id, user_id, ordered_on) VALUES
  (1, 3,    '2024-06-01'),
  (2, NULL, '2024-06-01'),
  (3, 1,    '2024-06-02'),
  (4, 4,    '2024-06-03'),
  (5, NULL, '2024-06-04'),
  (6, 6,    '2024-06-05'),
  (7, 3,    '2024-06-07'),
  (8, 1,    '2024-06-08');

INSERT INTO products (id, name, price) VALUES
  (1, 'Mug',       8.00),
  (2, 'Tea',       6.00),
  (3, 'Kettle',    35.00),
  (4, 'Teapot',    24.00),
  (5, 'Spoon set', 12.00);

INSERT INTO order_items (order_id, product_id, quantity) VALUES
  (1, 1, 2),
  (1, 2, 3),
  (2, 3, 1),
  (3, 4, 1),
  (3, 1, 1),
  (4, 4, 1),
  (4, 2, 1),
  (4, 1, 2),
  (5, 2, 10),
  (6, 5, 1),
  (6, 1, 1),
  (6, 2, 1),
  (7, 2, 2),
  (8, 5, 2);
