SELECT id, name, salary
FROM (
  SELECT id, name, salary, avg(salary) OVER (PARTITION BY department_id) AS dept_avg
  FROM employees
  WHERE department_id IS NOT NULL
) AS e
WHERE salary > dept_avg;
