-- Keep each email's first sign-up.
DELETE FROM subscribers s
 WHERE EXISTS (SELECT 1 FROM subscribers o
                WHERE o.email = s.email
                  AND (o.signed_up, o.id) < (s.signed_up, s.id));
