-- A second dataset, never shown to learners: the same tables, with the cases a query fitted to
-- the visible rows gets wrong (equal prices, equal revenues, several sales on one day, rows not
-- stored in date order).
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
  (1,  'House blend 1kg',    'Coffee',    24.00),
  (2,  'Single origin 250g', 'Coffee',    18.00),
  (3,  'Decaf 250g',         'Coffee',    18.00),
  (4,  'Instant coffee',     'Coffee',    12.00),
  (5,  'Sencha',             'Tea',       15.00),
  (6,  'Darjeeling',         'Tea',       15.00),
  (7,  'Chamomile',          'Tea',       9.00),
  (8,  'Moka pot',           'Equipment', 39.00),
  (9,  'Scale',              'Equipment', 25.00),
  (10, 'Dripper',            'Equipment', 25.00),
  (11, 'Filter papers',      'Equipment', 4.50),
  (12, 'Tea strainer',       'Equipment', 4.50);

INSERT INTO sales (id, product_id, sold_on, amount) VALUES
  (1,  7,  '2024-05-13', 9.00),
  (2,  9,  '2024-05-13', 25.00),
  (3,  1,  '2024-05-01', 24.00),
  (4,  11, '2024-05-12', 4.50),
  (5,  5,  '2024-05-01', 15.00),
  (6,  11, '2024-05-12', 4.50),
  (7,  2,  '2024-05-02', 18.00),
  (8,  6,  '2024-05-11', 15.00),
  (9,  8,  '2024-05-04', 39.00),
  (10, 5,  '2024-05-11', 30.00),
  (11, 3,  '2024-05-04', 18.00),
  (12, 4,  '2024-05-10', 12.00),
  (13, 9,  '2024-05-04', 25.00),
  (14, 3,  '2024-05-09', 18.00),
  (15, 6,  '2024-05-05', 30.00),
  (16, 2,  '2024-05-09', 18.00),
  (17, 1,  '2024-05-07', 24.00),
  (18, 10, '2024-05-08', 25.00),
  (19, 7,  '2024-05-07', 9.00);
