SELECT id, name
FROM products
WHERE category IS NULL OR category = '';
