SELECT id, name, salary
FROM (
  SELECT id, name, salary, avg(salary) OVER (PARTITION BY department_id) AS department_average
  FROM employees
) e
WHERE salary > department_average;
