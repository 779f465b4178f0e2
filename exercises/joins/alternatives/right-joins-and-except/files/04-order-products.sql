SELECT o.id, o.ordered_on, line.name, line.quantity
FROM orders o
CROSS JOIN LATERAL (
  SELECT p.name, oi.quantity
  FROM order_items oi JOIN products p ON p.id = oi.product_id
  WHERE oi.order_id = o.id
) AS line
ORDER BY o.id, line.name;
