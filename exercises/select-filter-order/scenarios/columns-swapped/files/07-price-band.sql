SELECT price, name
FROM products
WHERE price BETWEEN 10 AND 50;
