-- The products of a small stationery shop (the dataset your queries run on).
CREATE TABLE products (
  id           integer PRIMARY KEY,
  name         text NOT NULL,
  category     text,
  price        numeric(8, 2),
  stock        integer NOT NULL DEFAULT 0,
  discontinued boolean NOT NULL DEFAULT false
);

INSERT INTO products (id, name, category, price, stock, discontinued) VALUES
  (1,  'A5 notebook, lined',     'Paper',     4.50,  120, false),
  (2,  'Fountain pen',           'Pens',      34.00, 8,   false),
  (3,  'Gel pen, black',         'Pens',      1.80,  300, false),
  (4,  'Desk lamp',              'Office',    42.90, 5,   false),
  (5,  'Sticky notes',           'Paper',     2.40,  0,   false),
  (6,  'A4 notebook, squared',   'Paper',     6.90,  45,  false),
  (7,  'Leather notebook cover', NULL,        19.99, 12,  false),
  (8,  'Stapler',                'Office',    12.50, 30,  false),
  (9,  'Ink cartridges (6)',     'Pens',      7.20,  60,  false),
  (10, 'Office chair',           'Office',    189.00, 2,  false),
  (11, 'Pencil case',            NULL,        8.75,  25,  false),
  (12, 'Typewriter ribbon',      'Office',    15.00, 3,   true),
  (13, 'Fineliner set',          'Pens',      22.40, 14,  false),
  (14, 'Monitor stand',          'Office',    54.00, 0,   false),
  (15, 'Pocket notebook',        'Paper',     3.10,  80,  false),
  (16, 'Whiteboard',             'Office',    89.50, 4,   false);
