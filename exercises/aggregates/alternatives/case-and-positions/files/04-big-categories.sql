select c.name, sum(p.price * oi.quantity)
from categories c
join products p on p.category_id = c.id
join order_items oi on oi.product_id = p.id
group by 1
having not sum(p.price * oi.quantity) < 250;
