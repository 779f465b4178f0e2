SELECT d.name AS department, e.name, e.salary
FROM employees e
JOIN departments d ON d.id = e.department_id
WHERE e.salary = (
  SELECT MAX(colleague.salary)
  FROM employees colleague
  WHERE colleague.department_id = e.department_id
);
