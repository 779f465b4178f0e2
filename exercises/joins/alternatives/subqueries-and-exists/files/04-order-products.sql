SELECT o.id, o.ordered_on, p.name, oi.quantity
FROM orders o, order_items oi, products p
WHERE oi.order_id = o.id AND p.id = oi.product_id
ORDER BY o.id ASC, p.name ASC;
