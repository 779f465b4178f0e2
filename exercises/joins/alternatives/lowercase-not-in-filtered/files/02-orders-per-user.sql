select u.email, coalesce(c.n, 0) as orders
from users u
left join (select user_id, count(*) as n from orders group by user_id) c on c.user_id = u.id;
