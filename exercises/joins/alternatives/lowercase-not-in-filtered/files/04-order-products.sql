select o.id, o.ordered_on, p.name, oi.quantity
from order_items oi
join orders o on o.id = oi.order_id
join products p on p.id = oi.product_id
order by 1, 3;
