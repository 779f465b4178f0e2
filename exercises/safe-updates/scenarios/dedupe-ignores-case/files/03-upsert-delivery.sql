-- New SKUs are inserted; for known ones the batch sets the price and adds to the stock.
INSERT INTO products AS p (sku, name, category, price, stock) VALUES
  ('PEN-GEL-BLK', 'Gel pen, black',           'Pens',   1.95,  200),
  ('PEN-FTN-01',  'Fountain pen',             'Pens',   36.00, 4),
  ('NB-A5-DOT',   'A5 notebook, dotted',      'Paper',  4.80,  60),
  ('INK-BLU-6',   'Ink cartridges, blue (6)', 'Pens',   7.50,  40),
  ('LAMP-DSK',    'Desk lamp',                'Office', 44.00, 3)
ON CONFLICT (sku) DO UPDATE
   SET price = EXCLUDED.price,
       stock = p.stock + EXCLUDED.stock;
