WITH totals AS (
  SELECT d.id, d.name, COALESCE(SUM(e.salary), 0) AS total
  FROM departments d
  LEFT JOIN employees e ON e.department_id = d.id
  GROUP BY d.id, d.name
)
SELECT name, total
FROM totals
WHERE total > (SELECT AVG(total) FROM totals);
