SELECT id, name
FROM (
  SELECT id, name, row_number() OVER (ORDER BY name, id) AS position
  FROM products
) numbered
WHERE position BETWEEN 6 AND 10
ORDER BY position;
