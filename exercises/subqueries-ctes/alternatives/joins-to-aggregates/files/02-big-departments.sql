SELECT d.name, sum(e.salary) AS payroll
FROM departments d
JOIN employees e ON e.department_id = d.id
GROUP BY d.id, d.name
HAVING sum(e.salary) > (
  SELECT avg(total)
  FROM (SELECT sum(salary) AS total FROM employees WHERE department_id IS NOT NULL GROUP BY department_id) AS payrolls
);
