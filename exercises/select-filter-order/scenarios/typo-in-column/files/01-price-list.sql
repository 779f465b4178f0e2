SELECT name, prce
FROM products
ORDER BY price;
