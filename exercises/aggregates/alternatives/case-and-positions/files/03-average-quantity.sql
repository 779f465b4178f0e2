select c.name, avg(oi.quantity)::numeric(10, 2)
from categories c
join products p on p.category_id = c.id
join order_items oi on oi.product_id = p.id
group by 1;
