WITH totals AS (
  SELECT d.name, SUM(e.salary) AS total
  FROM employees e
  JOIN departments d ON d.id = e.department_id
  GROUP BY d.name
)
SELECT name, total
FROM totals
WHERE total > (SELECT AVG(total) FROM totals);
