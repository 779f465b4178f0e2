-- The products and sales of a small coffee shop (the dataset your queries run on).
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
  (1,  'Espresso beans 1kg',    'Coffee',    24.00),
  (2,  'Filter coffee 500g',    'Coffee',    12.50),
  (3,  'Decaf 500g',            'Coffee',    13.90),
  (4,  'Cold brew concentrate', 'Coffee',    9.80),
  (5,  'Green tea',             'Tea',       8.50),
  (6,  'Earl Grey',             'Tea',       7.20),
  (7,  'Matcha',                'Tea',       19.90),
  (8,  'Rooibos',               'Tea',       6.40),
  (9,  'Grinder',               'Equipment', 89.00),
  (10, 'French press',          'Equipment', 34.50),
  (11, 'Kettle',                'Equipment', 45.00),
  (12, 'Milk frother',          'Equipment', 29.00);

INSERT INTO sales (id, product_id, sold_on, amount) VALUES
  (1,  1,  '2024-03-01', 48.00),
  (2,  9,  '2024-03-02', 89.00),
  (3,  5,  '2024-03-03', 17.00),
  (4,  2,  '2024-03-04', 37.50),
  (5,  7,  '2024-03-06', 39.80),
  (6,  11, '2024-03-07', 45.00),
  (7,  1,  '2024-03-08', 24.00),
  (8,  10, '2024-03-09', 34.50),
  (9,  6,  '2024-03-11', 14.40),
  (10, 3,  '2024-03-12', 27.80),
  (11, 9,  '2024-03-13', 178.00),
  (12, 8,  '2024-03-14', 6.40),
  (13, 4,  '2024-03-15', 19.60),
  (14, 5,  '2024-03-16', 8.50);
