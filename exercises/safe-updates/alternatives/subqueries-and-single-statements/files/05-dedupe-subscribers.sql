DELETE FROM subscribers
 WHERE id NOT IN (SELECT min(id) FROM subscribers GROUP BY email);
