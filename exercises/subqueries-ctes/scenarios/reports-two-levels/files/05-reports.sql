SELECT id, name, 1 AS depth FROM employees WHERE manager_id = 2
UNION ALL
SELECT e.id, e.name, 2 FROM employees e JOIN employees m ON e.manager_id = m.id WHERE m.manager_id = 2
ORDER BY depth, name;
