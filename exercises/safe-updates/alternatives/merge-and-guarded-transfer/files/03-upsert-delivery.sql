MERGE INTO products AS p
USING (VALUES
  ('PEN-GEL-BLK', 'Gel pen, black', 'Pens', 1.95, 200),
  ('PEN-FTN-01', 'Fountain pen', 'Pens', 36.00, 4),
  ('NB-A5-DOT', 'A5 notebook, dotted', 'Paper', 4.80, 60),
  ('INK-BLU-6', 'Ink cartridges, blue (6)', 'Pens', 7.50, 40),
  ('LAMP-DSK', 'Desk lamp', 'Office', 44.00, 3)
) AS b (sku, name, category, price, quantity)
ON p.sku = b.sku
WHEN MATCHED THEN
  UPDATE SET price = b.price, stock = p.stock + b.quantity
WHEN NOT MATCHED THEN
  INSERT (sku, name, category, price, stock, discontinued)
  VALUES (b.sku, b.name, b.category, b.price, b.quantity, false);
