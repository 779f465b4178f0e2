SELECT id, email FROM users
EXCEPT
SELECT u.id, u.email FROM users u JOIN orders o ON o.user_id = u.id;
