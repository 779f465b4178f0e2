WITH on_sale AS (SELECT name, price FROM products WHERE discontinued IS NOT TRUE)
SELECT name, price FROM on_sale ORDER BY price DESC NULLS LAST, name COLLATE "C" LIMIT 5;
