SELECT DISTINCT category
FROM products
ORDER BY category;
