WITH order_totals AS (
  SELECT oi.order_id, sum(oi.quantity * p.price) AS total
  FROM order_items oi JOIN products p ON p.id = oi.product_id
  GROUP BY oi.order_id
)
SELECT u.email, count(*) AS orders, sum(t.total) AS spent
FROM users u
JOIN orders o ON o.user_id = u.id
JOIN order_totals t ON t.order_id = o.id
GROUP BY u.email
ORDER BY spent DESC, u.email;
