SELECT u.email,
       count(DISTINCT o.id)        AS orders,
       sum(oi.quantity * p.price)  AS total_spent
FROM users u
JOIN orders o       ON o.user_id = u.id
JOIN order_items oi ON oi.order_id = o.id
JOIN products p     ON p.id = oi.product_id
GROUP BY u.id, u.email
ORDER BY total_spent DESC, u.email;
