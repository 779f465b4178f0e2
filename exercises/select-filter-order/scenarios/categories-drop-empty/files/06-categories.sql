SELECT DISTINCT category
FROM products
WHERE category <> ''
ORDER BY category;
