WITH listed AS (SELECT name, price FROM products)
SELECT name, price FROM listed ORDER BY price ASC NULLS LAST;
