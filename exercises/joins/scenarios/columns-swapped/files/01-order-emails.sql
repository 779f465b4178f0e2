SELECT u.email, o.id, o.ordered_on
FROM orders o
JOIN users u ON u.id = o.user_id;
