with payroll as (
  select department_id, sum(salary) as amount from employees where department_id is not null group by department_id
), average as (
  select avg(amount) as amount from payroll
)
select d.name, p.amount
from payroll p
join departments d on d.id = p.department_id
cross join average a
where p.amount > a.amount;
