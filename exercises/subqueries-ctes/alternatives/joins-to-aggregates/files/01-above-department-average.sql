SELECT e.id, e.name, e.salary
FROM employees e
JOIN (
  SELECT department_id, avg(salary) AS average
  FROM employees
  GROUP BY department_id
) a ON a.department_id = e.department_id
WHERE e.salary > a.average;
