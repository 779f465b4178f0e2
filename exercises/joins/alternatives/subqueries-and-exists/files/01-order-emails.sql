SELECT o.id, o.ordered_on, (SELECT u.email FROM users u WHERE u.id = o.user_id) AS email
FROM orders o
WHERE o.user_id IS NOT NULL;
