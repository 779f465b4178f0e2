SELECT d.name, e.name, e.salary
FROM employees e
JOIN departments d ON d.id = e.department_id
JOIN (SELECT department_id, max(salary) AS top FROM employees GROUP BY department_id) m
  ON m.department_id = e.department_id AND m.top = e.salary;
