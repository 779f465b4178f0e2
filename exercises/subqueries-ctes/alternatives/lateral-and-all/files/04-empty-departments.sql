select d.id, d.name
from departments d
left join employees e on e.department_id = d.id
group by d.id, d.name
having count(e.id) = 0;
