SELECT name, price
FROM products
WHERE price > 10 AND price < 50;
