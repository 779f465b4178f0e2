select d.name, e.name, e.salary
from employees e
join departments d on d.id = e.department_id
where e.salary >= all (select c.salary from employees c where c.department_id = e.department_id);
