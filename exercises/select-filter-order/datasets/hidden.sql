-- A second dataset, never shown to learners: the same table, with the cases a query fitted to
-- the visible rows gets wrong (boundary prices, zero stock, capitalisation, NULLs, ties).
CREATE TABLE products (
  id           integer PRIMARY KEY,
  name         text NOT NULL,
  category     text,
  price        numeric(8, 2),
  stock        integer NOT NULL DEFAULT 0,
  discontinued boolean NOT NULL DEFAULT false
);

INSERT INTO products (id, name, category, price, stock, discontinued) VALUES
  (1,  'NOTEBOOK refill pack',   'Paper',     20.00, 40,  false),
  (2,  'Eraser',                 'Office',    0.90,  500, false),
  (3,  'Notebook, dotted',       'Paper',     19.99, 0,   false),
  (4,  'Drawing board',          'Art',       120.00, 1,  false),
  (5,  'Easel',                  'Art',       120.00, 2,  false),
  (6,  'Mystery box',            NULL,        NULL,  10,  false),
  (7,  'Gift card',              NULL,        NULL,  99,  false),
  (8,  'Ruler',                  'Office',    1.20,  70,  false),
  (9,  'Paint set',              'Art',       45.00, 6,   false),
  (10, 'Canvas',                 'Art',       19.00, 0,   false),
  (11, 'Sketchbook',             'Art',       11.50, 33,  false),
  (12, 'Label printer',          'Office',    99.00, 4,   false),
  (13, 'Cutting mat',            'Art',       120.00, 3,  true),
  (14, 'Brush set',              'art',       19.50, 9,   false),
  (15, 'Tape dispenser',         '',          6.00,  12,  false),
  (16, 'Glue gun',               'Office',    10.00, 7,   false),
  (17, 'Drawing pens',           'Art',       50.00, 5,   false),
  (18, 'Eraser',                 'Office',    0.95,  20,  false);
