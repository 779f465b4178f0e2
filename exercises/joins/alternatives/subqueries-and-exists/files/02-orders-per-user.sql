SELECT u.email, (SELECT count(*) FROM orders o WHERE o.user_id = u.id) AS orders
FROM users u;
