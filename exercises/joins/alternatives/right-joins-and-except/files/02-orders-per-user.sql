SELECT u.email, count(o.user_id) AS orders
FROM orders o
RIGHT JOIN users u ON u.id = o.user_id
GROUP BY u.email;
