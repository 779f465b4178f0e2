SELECT category, name, price, rank() OVER by_price AS position
FROM products
WINDOW by_price AS (PARTITION BY category ORDER BY price DESC)
ORDER BY category, position, name;
