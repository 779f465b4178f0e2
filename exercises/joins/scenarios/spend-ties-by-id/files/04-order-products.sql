SELECT o.id   AS order_id,
       o.ordered_on,
       p.name AS product,
       oi.quantity
FROM orders o
JOIN order_items oi ON oi.order_id = o.id
JOIN products p     ON p.id = oi.product_id
ORDER BY o.id, p.name;
