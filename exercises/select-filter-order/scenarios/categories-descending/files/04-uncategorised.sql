SELECT id, name
FROM products
WHERE category IS NULL;
