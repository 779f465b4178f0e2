-- A second dataset, never shown to learners: the same tables, with the cases a query fitted to
-- the visible rows gets wrong (coupon codes used twice, a revenue exactly on the threshold, a tie
-- in revenue, a category without products next to one whose products never sold).
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
  (1, 'Toys'),
  (2, 'Books'),
  (3, 'Games'),
  (4, 'Music'),
  (5, 'Garden'),
  (6, 'Outdoor'),
  (7, 'Crafts');

INSERT INTO products (id, name, category_id, price) VALUES
  (1,  'Cookbook',       2, 25.00),
  (2,  'Novel',          2, 12.50),
  (3,  'Kite',           1, 30.00),
  (4,  'Yo-yo',          1, 4.00),
  (5,  'Chess set',      3, 40.00),
  (6,  'Card game',      3, 10.00),
  (7,  'Vinyl record',   4, 22.00),
  (8,  'Seed pack',      5, 2.50),
  (9,  'Yarn',           7, 3.30),
  (10, 'Glue gun',       7, 17.00),
  (11, 'Guitar strings', 4, 9.00);

INSERT INTO orders (id, customer, ordered_on, coupon) VALUES
  (1,  'mia@example.com',  '2024-04-01', 'SPRING10'),
  (2,  'noah@example.com', '2024-04-01', NULL),
  (3,  'olga@example.com', '2024-04-02', 'SPRING10'),
  (4,  'paul@example.com', '2024-04-03', 'VIP20'),
  (5,  'mia@example.com',  '2024-04-05', NULL),
  (6,  'quin@example.com', '2024-04-06', 'VIP20'),
  (7,  'rosa@example.com', '2024-04-06', NULL),
  (8,  'sam@example.com',  '2024-04-08', 'VIP20'),
  (9,  'noah@example.com', '2024-04-09', NULL),
  (10, 'tess@example.com', '2024-04-10', 'WELCOME5'),
  (11, 'ugo@example.com',  '2024-04-11', NULL),
  (12, 'mia@example.com',  '2024-04-12', NULL),
  (13, 'vic@example.com',  '2024-04-12', NULL);

INSERT INTO order_items (id, order_id, product_id, quantity) VALUES
  (1,  1,  1,  4),
  (2,  2,  3,  2),
  (3,  2,  5,  1),
  (4,  3,  1,  2),
  (5,  4,  4,  10),
  (6,  5,  2,  8),
  (7,  6,  4,  5),
  (8,  7,  5,  1),
  (9,  8,  6,  3),
  (10, 9,  7,  7),
  (11, 10, 7,  5),
  (12, 10, 11, 3),
  (13, 11, 9,  7),
  (14, 12, 10, 1),
  (15, 12, 9,  3),
  (16, 13, 6,  1);
