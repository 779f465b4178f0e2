SELECT d.id, d.name
FROM departments d
LEFT JOIN employees e ON e.department_id = d.id
GROUP BY d.id, d.name
HAVING count(*) = 0;
