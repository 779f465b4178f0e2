SELECT id, name
FROM products
WHERE name ILIKE '%notebook%';
