SELECT department, name, salary
FROM (
  SELECT d.name AS department, e.name, e.salary,
         rank() OVER (PARTITION BY e.department_id ORDER BY e.salary DESC) AS place
  FROM employees e
  LEFT JOIN departments d ON d.id = e.department_id
) ranked
WHERE place = 1;
