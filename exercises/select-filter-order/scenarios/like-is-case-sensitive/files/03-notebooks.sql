SELECT id, name
FROM products
WHERE name LIKE '%notebook%';
