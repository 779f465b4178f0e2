-- Known SKUs first: new price, stock added.
UPDATE products
   SET price = batch.price,
       stock = products.stock + batch.quantity
  FROM (VALUES
  ('PEN-GEL-BLK', 'Gel pen, black', 'Pens', 1.95, 200),
  ('PEN-FTN-01', 'Fountain pen', 'Pens', 36.00, 4),
  ('NB-A5-DOT', 'A5 notebook, dotted', 'Paper', 4.80, 60),
  ('INK-BLU-6', 'Ink cartridges, blue (6)', 'Pens', 7.50, 40),
  ('LAMP-DSK', 'Desk lamp', 'Office', 44.00, 3)
  ) AS batch (sku, name, category, price, quantity)
 WHERE products.sku = batch.sku;

-- Then the SKUs the table does not have yet.
INSERT INTO products (sku, name, category, price, stock, discontinued)
SELECT batch.sku, batch.name, batch.category, batch.price, batch.quantity, false
  FROM (VALUES
  ('PEN-GEL-BLK', 'Gel pen, black', 'Pens', 1.95, 200),
  ('PEN-FTN-01', 'Fountain pen', 'Pens', 36.00, 4),
  ('NB-A5-DOT', 'A5 notebook, dotted', 'Paper', 4.80, 60),
  ('INK-BLU-6', 'Ink cartridges, blue (6)', 'Pens', 7.50, 40),
  ('LAMP-DSK', 'Desk lamp', 'Office', 44.00, 3)
  ) AS batch (sku, name, category, price, quantity)
 WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.sku = batch.sku);
