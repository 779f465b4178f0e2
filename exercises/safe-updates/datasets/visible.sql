-- A stationery shop's products, its customers' prepaid accounts and its newsletter list (the
-- dataset your scripts run on).
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
  ('PEN-GEL-BLK', 'Gel pen, black',            'Pens',   1.85,   300, false),
  ('PEN-GEL-RED', 'Gel pen, red',              'Pens',   1.85,   0,   false),
  ('PEN-FTN-01',  'Fountain pen',              'Pens',   34.00,  8,   false),
  ('PEN-QUILL',   'Quill pen',                 'Pens',   12.40,  0,   true),
  ('PEN-ROLL-2',  'Rollerball pens (2)',       'Pens',   5.95,   14,  true),
  ('INK-BLK-6',   'Ink cartridges, black (6)', 'Pens',   7.20,   60,  false),
  ('NB-A5-LINE',  'A5 notebook, lined',        'Paper',  4.50,   120, false),
  ('NB-A4-SQ',    'A4 notebook, squared',      'Paper',  6.90,   0,   false),
  ('STICKY-Y',    'Sticky notes, yellow',      'Paper',  2.40,   45,  false),
  ('FAX-ROLL',    'Fax paper roll',            'Paper',  3.30,   0,   true),
  ('LAMP-DSK',    'Desk lamp',                 'Office', 42.90,  5,   false),
  ('STAPLER',     'Stapler',                   'Office', 12.50,  30,  false),
  ('RIBBON-TW',   'Typewriter ribbon',         'Office', 15.00,  3,   true),
  ('CHAIR-OFF',   'Office chair',              'Office', 189.00, 0,   false);

INSERT INTO accounts (id, owner, balance) VALUES
  (1, 'Alice', 120.00),
  (2, 'Bob',   35.50),
  (3, 'Carol', 0.00),
  (4, 'Dan',   980.25);

INSERT INTO subscribers (id, email, signed_up) VALUES
  (1, 'ana@example.com',  '2024-01-03'),
  (2, 'ben@example.com',  '2024-01-05'),
  (3, 'ana@example.com',  '2024-02-11'),
  (4, 'cleo@example.com', '2024-02-12'),
  (5, 'dev@example.com',  '2024-02-20'),
  (6, 'ben@example.com',  '2024-03-01'),
  (7, 'eli@example.com',  '2024-03-02');
