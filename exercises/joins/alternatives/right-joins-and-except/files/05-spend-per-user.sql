SELECT u.email, count(per_order.id) AS orders, sum(per_order.total) AS total
FROM users u
JOIN (
  SELECT o.id, o.user_id, sum(oi.quantity * p.price) AS total
  FROM orders o
  JOIN order_items oi ON oi.order_id = o.id
  JOIN products p ON p.id = oi.product_id
  GROUP BY o.id, o.user_id
) per_order ON per_order.user_id = u.id
GROUP BY u.id, u.email
ORDER BY 3 DESC, 1;
