select o.id as order_id, o.ordered_on as placed_on, u.email as customer
from orders as o
join users as u on o.user_id = u.id;
