WITH payrolls AS (
  SELECT d.id, d.name, sum(e.salary) AS payroll
  FROM departments d
  JOIN employees e ON e.department_id = d.id
  GROUP BY d.id, d.name
), compared AS (
  SELECT name, payroll, avg(payroll) OVER () AS average_payroll FROM payrolls
)
SELECT name, payroll FROM compared WHERE payroll > average_payroll;
