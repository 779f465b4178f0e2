SELECT id, name
FROM products
WHERE name ~* '\mnotebook\M';
