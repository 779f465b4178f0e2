-- A second dataset, never shown to learners: the same table, with the cases a query fitted to
-- the visible rows gets wrong. Rows are stored out of id order, and:
-- - prices exactly on every boundary (9.99, 10.00, 19.99, 20.00, 50.00, 50.01) and NULL prices;
-- - stock 0, a negative stock (on back-order) and a stock of 1;
-- - NOTEBOOK, Notebook, noteBook, notebooks and Subnotebook, at the start, middle and end of names;
-- - NULL and '' categories;
-- - ties in price at the top and across the fifth place, whose ids are not in name order;
-- - products with the same name (one with the same name, price and stock) across both ends of
--   the second page, stored in the opposite order of their ids.
-- Wherever a task sorts text, byte order (C) and en-US order agree on these names.
CREATE TABLE products (
  id           integer PRIMARY KEY,
  name         text NOT NULL,
  category     text,
  price        numeric(8, 2),
  stock        integer NOT NULL DEFAULT 0,
  discontinued boolean NOT NULL DEFAULT false
);

INSERT INTO products (id, name, category, price, stock, discontinued) VALUES
  (33, 'Drawing pens',         'Pens',    12.00,  4,   false),
  (27, 'Eraser',               'Office',  0.90,   500, false),
  (3,  'Pastel set',           'Art',     45.00,  8,   false),
  (21, 'Drafting table',       'Art',     120.00, 1,   false),
  (14, 'Eraser',               'Office',  0.90,   500, false),
  (5,  'Easel',                'Art',     120.00, 2,   false),
  (30, 'Drawing pins',         'Office',  3.20,   60,  false),
  (12, 'Label printer',        'Office',  99.00,  4,   false),
  (9,  'Paint set',            'Art',     45.00,  6,   false),
  (17, 'Marker set',           'Art',     45.00,  11,  false),
  (1,  'Cutting mat',          'Art',     150.00, 3,   true),
  (6,  'Mystery box',          NULL,      NULL,   10,  false),
  (24, 'Gift card',            NULL,      NULL,   99,  false),
  (8,  'NOTEBOOK refill pack', 'Paper',   20.00,  40,  false),
  (19, 'Dotted Notebook',      'Paper',   19.99,  7,   false),
  (11, 'Spiral notebooks (3)', 'Paper',   8.40,   0,   false),
  (25, 'Canvas',               'Art',     19.00,  0,   false),
  (2,  'Ruler',                'Office',  1.20,   -3,  false),
  (16, 'Glue gun',             'Office',  10.00,  7,   false),
  (29, 'Drawing pens',         'Art',     50.00,  5,   false),
  (22, 'Sketchbook',           'Art',     11.50,  33,  false),
  (7,  'Sketchbook',           'Art',     11.50,  12,  false),
  (13, 'Tape dispenser',       '',        6.00,   12,  false),
  (28, 'Pencil sharpener',     '',        2.30,   1,   false),
  (15, 'Frame',                'Frames',  9.99,   6,   false),
  (4,  'Drawing pins',         'Office',  3.20,   0,   false),
  (31, 'Frame',                'Frames',  50.01,  2,   true),
  (20, 'Frame',                'Frames',  10.00,  3,   true),
  (10, 'Stapler',              'Office',  NULL,   5,   true),
  (18, 'Watercolour brushes',  'Art',     19.50,  9,   false),
  (26, 'Washi tape',           NULL,      3.50,   0,   false),
  (23, 'Pocket noteBook',      'Paper',   4.20,   15,  false),
  (32, 'Subnotebook sleeve',   'Office',  14.00,  2,   false);
