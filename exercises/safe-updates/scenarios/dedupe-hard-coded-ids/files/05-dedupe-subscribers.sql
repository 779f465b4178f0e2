-- ana and ben signed up twice: their second rows go.
DELETE FROM subscribers WHERE id IN (3, 6);
