SELECT d.name AS department, top.name, top.salary
FROM departments d
CROSS JOIN LATERAL (
  SELECT e.name, e.salary
  FROM employees e
  WHERE e.department_id = d.id
  ORDER BY e.salary DESC
  LIMIT 1
) top;
