select e.id, e.name, e.salary
from employees e
cross join lateral (
  select avg(c.salary) as avg_salary from employees c where c.department_id = e.department_id
) dept
where e.salary > dept.avg_salary;
