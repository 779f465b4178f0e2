SELECT id, name
FROM products
ORDER BY name, id DESC
LIMIT 5 OFFSET 5;
