select u.email, count(distinct oi.order_id), sum(oi.quantity * p.price)
from users u
join orders o on o.user_id = u.id
join order_items oi on oi.order_id = o.id
join products p on p.id = oi.product_id
group by u.email
order by 3 desc, 1 asc;
