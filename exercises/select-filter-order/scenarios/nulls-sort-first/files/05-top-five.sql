SELECT name, price
FROM products
WHERE NOT discontinued
ORDER BY price DESC, name
LIMIT 5;
