SELECT name, price
FROM products
WHERE NOT discontinued AND price IS NOT NULL
ORDER BY price DESC, id
LIMIT 5;
