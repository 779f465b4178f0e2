-- A small stationery shop's catalogue and sales (the dataset your queries run on).
CREATE TABLE categories (
  id   integer PRIMARY KEY,
  name text NOT NULL UNIQUE
);

CREATE TABLE products (
  id          integer PRIMARY KEY,
  name        text NOT NULL,
  category_id integer NOT NULL REFERENCES categories (id),
  price       numeric(8, 2) NOT NULL
);

CREATE TABLE orders (
  id         integer PRIMARY KEY,
  customer   text NOT NULL,
  ordered_on date NOT NULL,
  coupon     text
);

CREATE TABLE order_items (
  id         integer PRIMARY KEY,
  order_id   integer NOT NULL REFERENCES orders (id),
  product_id integer NOT NULL REFERENCES products (id),
  quantity   integer NOT NULL CHECK (quantity > 0)
);

INSERT INTO categories (id, name) VALUES
  (1, 'Paper'),
  (2, 'Pens'),
  (3, 'Office'),
  (4, 'Art'),
  (5, 'Gift wrap');

INSERT INTO products (id, name, category_id, price) VALUES
  (1,  'A5 notebook',          1, 4.50),
  (2,  'Printer paper, 500',   1, 6.90),
  (3,  'Fountain pen',         2, 34.00),
  (4,  'Gel pen',              2, 1.80),
  (5,  'Fineliner set',        2, 22.40),
  (6,  'Desk lamp',            3, 42.90),
  (7,  'Stapler',              3, 12.50),
  (8,  'Office chair',         3, 189.00),
  (9,  'Watercolour set',      4, 27.50),
  (10, 'Sketchbook',           4, 11.00),
  (11, 'Wrapping paper roll',  5, 3.90);

INSERT INTO orders (id, customer, ordered_on, coupon) VALUES
  (1,  'ana@example.com',   '2024-03-01', NULL),
  (2,  'ben@example.com',   '2024-03-02', 'SPRING10'),
  (3,  'chloe@example.com', '2024-03-02', NULL),
  (4,  'dev@example.com',   '2024-03-04', 'WELCOME5'),
  (5,  'ana@example.com',   '2024-03-05', NULL),
  (6,  'eva@example.com',   '2024-03-07', 'STUDENT'),
  (7,  'ben@example.com',   '2024-03-08', NULL),
  (8,  'finn@example.com',  '2024-03-09', NULL),
  (9,  'gus@example.com',   '2024-03-11', 'VIP20'),
  (10, 'chloe@example.com', '2024-03-12', NULL),
  (11, 'hana@example.com',  '2024-03-14', NULL),
  (12, 'dev@example.com',   '2024-03-15', NULL);

INSERT INTO order_items (id, order_id, product_id, quantity) VALUES
  (1,  1,  1,  3),
  (2,  1,  4,  10),
  (3,  2,  8,  1),
  (4,  2,  6,  1),
  (5,  3,  3,  2),
  (6,  3,  2,  5),
  (7,  4,  9,  1),
  (8,  4,  10, 4),
  (9,  5,  7,  2),
  (10, 5,  1,  6),
  (11, 6,  5,  3),
  (12, 6,  10, 2),
  (13, 7,  8,  1),
  (14, 7,  4,  20),
  (15, 8,  2,  10),
  (16, 9,  6,  2),
  (17, 9,  3,  1),
  (18, 10, 9,  2),
  (19, 10, 1,  4),
  (20, 11, 5,  1),
  (21, 11, 7,  1),
  (22, 12, 2,  3),
  (23, 12, 4,  5);
