-- A second dataset, never shown to learners: the same tables, with the cases a query fitted to
-- the visible rows gets wrong. Rows are stored out of id order, and:
-- - coupon codes used by several orders, a code that differs only in case (VIP20, vip20), an
--   empty code ('') and orders without a coupon (NULL);
-- - a revenue exactly on the threshold (250.00);
-- - two pairs of categories with the same revenue, whose ids are not in the order of their names;
-- - averages whose third decimal rounds up (4.666…, 5.666…);
-- - two lines with the same product and quantity, in two orders;
-- - a category whose products never sold next to a category with no products at all.
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
  (5, 'Garden'),
  (1, 'Toys'),
  (7, 'Crafts'),
  (3, 'Games'),
  (6, 'Outdoor'),
  (2, 'Books'),
  (4, 'Music'),
  (8, 'Art');

INSERT INTO products (id, name, category_id, price) VALUES
  (11, 'Guitar strings', 4, 9.00),
  (4,  'Yo-yo',          1, 4.00),
  (9,  'Yarn',           7, 3.30),
  (1,  'Cookbook',       2, 25.00),
  (8,  'Seed pack',      5, 2.50),
  (6,  'Card game',      3, 10.00),
  (3,  'Kite',           1, 30.00),
  (10, 'Glue gun',       7, 17.00),
  (2,  'Novel',          2, 12.50),
  (7,  'Vinyl record',   4, 22.00),
  (5,  'Chess set',      3, 40.00),
  (12, 'Easel pad',      8, 31.60);

INSERT INTO orders (id, customer, ordered_on, coupon) VALUES
  (13, 'vic@example.com',  '2024-04-12', NULL),
  (4,  'paul@example.com', '2024-04-03', 'VIP20'),
  (1,  'mia@example.com',  '2024-04-01', 'SPRING10'),
  (15, 'will@example.com', '2024-04-14', 'vip20'),
  (2,  'noah@example.com', '2024-04-01', NULL),
  (9,  'noah@example.com', '2024-04-09', NULL),
  (3,  'olga@example.com', '2024-04-02', 'SPRING10'),
  (14, 'xena@example.com', '2024-04-13', ''),
  (6,  'quin@example.com', '2024-04-06', 'VIP20'),
  (5,  'mia@example.com',  '2024-04-05', NULL),
  (12, 'mia@example.com',  '2024-04-12', NULL),
  (8,  'sam@example.com',  '2024-04-08', 'VIP20'),
  (7,  'rosa@example.com', '2024-04-06', NULL),
  (11, 'ugo@example.com',  '2024-04-11', NULL),
  (10, 'tess@example.com', '2024-04-10', 'WELCOME5'),
  (16, 'yara@example.com', '2024-04-15', 'SPRING10');

INSERT INTO order_items (id, order_id, product_id, quantity) VALUES
  (16, 13, 6,  1),
  (5,  4,  4,  10),
  (1,  1,  1,  4),
  (18, 15, 9,  2),
  (2,  2,  3,  2),
  (10, 9,  7,  7),
  (3,  2,  5,  1),
  (4,  3,  1,  2),
  (17, 14, 9,  2),
  (7,  6,  4,  5),
  (6,  5,  2,  8),
  (15, 12, 9,  3),
  (14, 12, 10, 1),
  (9,  8,  6,  3),
  (8,  7,  5,  1),
  (13, 11, 9,  7),
  (11, 10, 7,  5),
  (12, 10, 11, 3),
  (19, 16, 12, 2);
