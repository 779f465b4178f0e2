WITH RECURSIVE reports AS (
  SELECT e.id, e.name, 1 AS depth
  FROM employees e
  JOIN departments d ON d.id = e.department_id
  WHERE e.manager_id = 2
  UNION ALL
  SELECT e.id, e.name, r.depth + 1
  FROM employees e
  JOIN reports r ON e.manager_id = r.id
)
SELECT id, name, depth
FROM reports
ORDER BY depth, name;
