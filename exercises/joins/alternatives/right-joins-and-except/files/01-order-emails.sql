SELECT o.id, o.ordered_on, u.email
FROM users u
INNER JOIN orders o ON o.user_id = u.id;
