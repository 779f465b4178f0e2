WITH RECURSIVE chain AS (
  SELECT id, name, 0 AS depth FROM employees WHERE id = 2
  UNION ALL
  SELECT e.id, e.name, c.depth + 1 FROM employees e JOIN chain c ON e.manager_id = c.id
)
SELECT id, name, depth FROM chain WHERE depth > 0 ORDER BY depth, name;
