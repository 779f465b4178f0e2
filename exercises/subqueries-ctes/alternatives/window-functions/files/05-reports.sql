WITH RECURSIVE below(id, name, depth) AS (
  SELECT id, name, 1 FROM employees WHERE manager_id = 2
  UNION ALL
  SELECT e.id, e.name, b.depth + 1 FROM below b JOIN employees e ON e.manager_id = b.id
)
SELECT id, name, depth FROM below ORDER BY 3, 2;
