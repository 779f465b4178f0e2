-- A second dataset, never shown to learners: the same tables, with the cases a script fitted to
-- the visible rows gets wrong: a product of another category whose SKU starts with PEN-, prices
-- of a few cents (where rounding and cutting differ), discontinued products with a stock of 1,
-- products of the delivery batch stored under other names and categories (one of them
-- discontinued), an account that cannot pay the transfer, and emails signed up three and four
-- times, with rows not stored in id order, a higher id signed up earlier, addresses that differ
-- only in capitals (different emails) and empty addresses.
CREATE TABLE products (
  sku          text PRIMARY KEY,
  name         text NOT NULL,
  category     text NOT NULL,
  price        numeric(8, 2) NOT NULL CHECK (price >= 0),
  stock        integer NOT NULL DEFAULT 0 CHECK (stock >= 0),
  discontinued boolean NOT NULL DEFAULT false
);

CREATE TABLE accounts (
  id      integer PRIMARY KEY,
  owner   text NOT NULL,
  balance numeric(10, 2) NOT NULL CHECK (balance >= 0)
);

CREATE TABLE subscribers (
  id        integer PRIMARY KEY,
  email     text NOT NULL,
  signed_up date NOT NULL
);

INSERT INTO products (sku, name, category, price, stock, discontinued) VALUES
  ('SCISSORS',    'Scissors',                    'Office', 4.95,   22,  false),
  ('PEN-FTN-01',  'Fountain pen, steel nib',     'Pens',   39.90,  2,   false),
  ('PEN-NIB-5',   'Spare nibs (5)',              'Pens',   0.05,   500, false),
  ('PEN-BRUSH',   'Brush pen',                   'Pens',   3.45,   0,   false),
  ('PEN-SAMPLE',  'Sample pen',                  'Pens',   0.00,   40,  false),
  ('PEN-CALLI',   'Calligraphy pen',             'Pens',   18.00,  0,   true),
  ('PEN-MARK-4',  'Markers (4)',                 'Pens',   9.99,   7,   true),
  ('REFILL-GEL',  'Gel refills (10)',            'Pens',   0.15,   1,   false),
  ('PEN-HOLDER',  'Pen holder',                  'Office', 6.50,   9,   false),
  ('NB-A5-DOT',   'Notebook A5 dotted',          'Paper',  4.60,   12,  false),
  ('INK-BLU-6',   'Blue ink, 6 cartridges',      'Office', 6.90,   0,   true),
  ('CARD-BLANK',  'Blank cards (20)',            'Paper',  5.25,   0,   true),
  ('ENV-C5',      'Envelopes C5 (50)',           'Paper',  8.10,   1,   true),
  ('TAPE-MASK',   'Masking tape',                'Office', 2.75,   0,   false),
  ('CLIPS-100',   'Paper clips (100)',           'Office', 1.10,   80,  false),
  ('DISK-FLOP',   'Floppy disks (10)',           'Office', 6.00,   0,   true);

INSERT INTO accounts (id, owner, balance) VALUES
  (3, 'Carol', 50.00),
  (2, 'Bob',   200.00),
  (1, 'Alice', 30.00),
  (4, 'Dan',   0.00);

INSERT INTO subscribers (id, email, signed_up) VALUES
  (19, 'ivy@example.com', '2024-06-09'),
  (13, 'fay@example.com', '2024-05-30'),
  (15, 'gus@example.com', '2024-06-01'),
  (12, 'fay@example.com', '2024-01-15'),
  (20, 'jon@example.com', '2024-06-10'),
  (25, '',                '2024-06-12'),
  (10, 'fay@example.com', '2024-04-02'),
  (18, 'ivy@example.com', '2024-06-04'),
  (9,  'Fay@Example.com', '2024-04-20'),
  (11, 'gus@example.com', '2024-04-02'),
  (14, 'hal@example.com', '2024-05-31'),
  (17, 'ivy@example.com', '2024-06-04'),
  (8,  '',                '2024-06-11'),
  (16, 'ivy@example.com', '2024-06-03'),
  (21, 'GUS@EXAMPLE.COM', '2024-06-11');
