SELECT name, price
FROM products
WHERE price IS NOT NULL
ORDER BY price DESC, name
LIMIT 5;
