-- PEN-GEL-BLK, PEN-FTN-01 and LAMP-DSK are already in the table; the other two are new.
UPDATE products SET price = 1.95, stock = stock + 200 WHERE sku = 'PEN-GEL-BLK';
UPDATE products SET price = 36.00, stock = stock + 4 WHERE sku = 'PEN-FTN-01';
UPDATE products SET price = 44.00, stock = stock + 3 WHERE sku = 'LAMP-DSK';
INSERT INTO products (sku, name, category, price, stock) VALUES
  ('NB-A5-DOT', 'A5 notebook, dotted',      'Paper', 4.80, 60),
  ('INK-BLU-6', 'Ink cartridges, blue (6)', 'Pens',  7.50, 40);
