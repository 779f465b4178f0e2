with recursive reports as (
  select id, name, 1 as depth from employees where manager_id = 2
  union all
  select e.id, e.name, r.depth + 1 from reports r join employees e on e.manager_id = r.id
)
select id, name, depth from reports order by depth asc, name asc;
