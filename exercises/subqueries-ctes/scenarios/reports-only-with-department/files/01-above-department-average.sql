SELECT e.id, e.name, e.salary
FROM employees e
WHERE e.salary > (
  SELECT AVG(colleague.salary)
  FROM employees colleague
  WHERE colleague.department_id = e.department_id
);
