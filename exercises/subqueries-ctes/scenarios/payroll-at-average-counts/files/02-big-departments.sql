WITH totals AS (
  SELECT department_id, SUM(salary) AS total
  FROM employees
  WHERE department_id IS NOT NULL
  GROUP BY department_id
)
SELECT d.name, t.total
FROM totals t
JOIN departments d ON d.id = t.department_id
WHERE t.total >= (SELECT AVG(total) FROM totals);
