SELECT id, name
FROM products
WHERE category = NULL;
