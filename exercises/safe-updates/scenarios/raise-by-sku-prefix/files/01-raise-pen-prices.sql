-- Pens have SKUs that start with PEN-.
UPDATE products SET price = ROUND(price * 1.10, 2)
 WHERE sku LIKE 'PEN-%' AND NOT discontinued;
