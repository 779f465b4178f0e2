select c.name, sum(p.price * oi.quantity)
from order_items oi, products p, categories c
where p.id = oi.product_id and c.id = p.category_id
group by 1
order by 2 desc, 1;
