WITH band AS (SELECT name, price FROM products WHERE price >= 10 AND NOT price > 50)
SELECT name, price FROM band;
