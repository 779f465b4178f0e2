-- A second dataset, never shown to learners: the same tables, with the cases a query fitted to
-- the visible rows gets wrong. Equal prices and equal revenues at every rank boundary (two tied
-- for first, two tied for second, three tied for first); two products with the same name; a
-- product whose only sale brought in 0.00; products that never sold, a category where only one
-- of two products sold and one where none did; several sales on one day (two of them identical);
-- days without sales; shares that end in 5 at the second decimal; ids that disagree with both
-- the name and the date order, and rows not stored in id order.
CREATE TABLE products (
  id       integer PRIMARY KEY,
  name     text NOT NULL,
  category text NOT NULL,
  price    numeric(8, 2) NOT NULL
);

CREATE TABLE sales (
  id         integer PRIMARY KEY,
  product_id integer NOT NULL REFERENCES products (id),
  sold_on    date NOT NULL,
  amount     numeric(10, 2) NOT NULL
);

INSERT INTO products (id, name, category, price) VALUES
  (14, 'Arabica 1kg',    'Coffee',    24.00),
  (3,  'Robusta 1kg',    'Coffee',    24.00),
  (9,  'Decaf 250g',     'Coffee',    18.00),
  (5,  'Cold brew',      'Coffee',    12.00),
  (1,  'Instant coffee', 'Coffee',    12.00),
  (11, 'Matcha',         'Tea',       19.90),
  (6,  'Sencha',         'Tea',       15.00),
  (2,  'Darjeeling',     'Tea',       15.00),
  (13, 'Chamomile',      'Tea',       9.00),
  (12, 'Dripper',        'Equipment', 39.00),
  (4,  'Scale',          'Equipment', 25.00),
  (8,  'Moka pot',       'Equipment', 25.00),
  (10, 'Tea strainer',   'Equipment', 4.50),
  (7,  'Filter papers',  'Equipment', 4.50),
  (16, 'Gift card',      'Gifts',     10.00),
  (15, 'Gift card',      'Gifts',     25.00),
  (17, 'Gift wrap',      'Gifts',     0.00),
  (19, 'Brownie',        'Snacks',    4.00),
  (18, 'Biscotti',       'Snacks',    3.50),
  (20, 'Mug',            'Merch',     8.00);

INSERT INTO sales (id, product_id, sold_on, amount) VALUES
  (31, 12, '2024-05-09', 50.00),
  (2,  5,  '2024-05-10', 12.00),
  (17, 3,  '2024-05-01', 48.00),
  (5,  8,  '2024-05-02', 50.00),
  (26, 7,  '2024-05-07', 4.50),
  (11, 14, '2024-05-03', 24.00),
  (1,  11, '2024-05-10', 100.00),
  (23, 9,  '2024-05-03', 18.00),
  (8,  6,  '2024-05-03', 74.60),
  (19, 1,  '2024-05-04', 12.00),
  (3,  2,  '2024-05-04', 37.30),
  (29, 16, '2024-05-04', 50.00),
  (14, 13, '2024-05-07', 50.80),
  (7,  7,  '2024-05-07', 4.50),
  (22, 9,  '2024-05-07', 18.00),
  (30, 18, '2024-05-07', 7.00),
  (4,  14, '2024-05-09', 24.00),
  (25, 2,  '2024-05-09', 37.30),
  (12, 17, '2024-05-09', 0.00),
  (21, 4,  '2024-05-03', 25.00),
  (9,  4,  '2024-05-10', 25.00),
  (27, 15, '2024-05-02', 25.00),
  (6,  15, '2024-05-10', 25.00),
  (33, 11, '2024-05-01', 100.00);
