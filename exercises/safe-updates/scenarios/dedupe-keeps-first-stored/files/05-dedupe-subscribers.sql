-- Keep the first row stored for each email.
DELETE FROM subscribers
 WHERE ctid NOT IN (SELECT min(ctid) FROM subscribers GROUP BY email);
