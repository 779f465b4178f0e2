WITH missing AS (SELECT id, name, category FROM products WHERE category IS NULL)
SELECT id, name FROM missing;
