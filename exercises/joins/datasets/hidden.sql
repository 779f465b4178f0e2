-- A second dataset, never shown to learners: the same tables, with the cases a query fitted to
-- the visible rows gets wrong. Rows are stored out of key order, and:
-- - guest orders (user_id NULL), one of them with several lines;
-- - users without orders whose ids are order ids;
-- - orders whose dates are not in the order of their ids, and lines whose product ids are not
--   in the order of the products' names;
-- - two users who spent the same amount, whose ids and names are not in the order of their emails;
-- - users whose orders have several lines each.
-- Wherever a task sorts text, byte order (C) and en-US order agree on these values.
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
  (5, 'vera@example.com', 'Vera'),
  (1, 'zoe@example.com',  'Zoe'),
  (4, 'will@example.com', 'William'),
  (6, 'uma@example.com',  'Uma'),
  (2, 'yann@example.com', 'Yann'),
  (3, 'xia@example.com',  'Ava Xia');

INSERT INTO orders (id, user_id, ordered_on) VALUES
  (7, 3,    '2024-06-07'),
  (2, NULL, '2024-06-01'),
  (4, 4,    '2024-06-03'),
  (8, 1,    '2024-05-30'),
  (1, 3,    '2024-06-01'),
  (6, 6,    '2024-06-05'),
  (5, NULL, '2024-06-04'),
  (3, 1,    '2024-06-02');

INSERT INTO products (id, name, price) VALUES
  (4, 'Teapot',    24.00),
  (1, 'Mug',       8.00),
  (5, 'Spoon set', 12.00),
  (3, 'Kettle',    35.00),
  (2, 'Tea',       6.00);

INSERT INTO order_items (order_id, product_id, quantity) VALUES
  (6, 5, 1),
  (3, 4, 1),
  (1, 2, 3),
  (5, 2, 10),
  (4, 4, 1),
  (7, 2, 2),
  (2, 3, 1),
  (6, 1, 1),
  (4, 2, 1),
  (8, 5, 2),
  (1, 1, 2),
  (5, 1, 1),
  (3, 1, 1),
  (6, 2, 1),
  (4, 1, 2);
