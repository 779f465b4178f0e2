select c.name, count(oi.product_id)
from categories c
left join products p on p.category_id = c.id
left join order_items oi on oi.product_id = p.id
group by c.id, 1;
