SELECT o.id   AS order_id,
       o.ordered_on,
       p.name AS product,
       oi.quantity
FROM orders o, order_items oi, products p
WHERE oi.order_id = o.id
ORDER BY o.id, p.name;
