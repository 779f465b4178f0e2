SELECT o.id, o.ordered_on, u.email
FROM orders o
LEFT JOIN users u ON u.id = o.user_id;
