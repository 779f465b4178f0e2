SELECT department, employee, salary
FROM (
  SELECT d.name AS department, e.name AS employee, e.salary,
         rank() OVER (PARTITION BY d.id ORDER BY e.salary DESC) AS place
  FROM employees e
  JOIN departments d ON d.id = e.department_id
) AS ranked
WHERE place = 1;
