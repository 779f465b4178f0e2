SELECT id, name
FROM departments
WHERE id NOT IN (SELECT department_id FROM employees WHERE department_id IS NOT NULL);
