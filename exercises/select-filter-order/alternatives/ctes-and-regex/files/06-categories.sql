WITH all_categories AS (SELECT category FROM products)
SELECT category FROM all_categories GROUP BY category HAVING category IS NOT NULL ORDER BY category COLLATE "C";
