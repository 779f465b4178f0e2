SELECT id, name
FROM products
ORDER BY name, id
LIMIT 5 OFFSET 5;
