SELECT d.name AS department, e.name, e.salary
FROM employees e
JOIN departments d ON d.id = e.department_id
WHERE e.salary IN (
  SELECT MAX(salary)
  FROM employees
  GROUP BY department_id
);
