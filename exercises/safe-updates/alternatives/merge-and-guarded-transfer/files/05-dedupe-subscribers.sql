DELETE FROM subscribers AS later
 WHERE EXISTS (SELECT 1 FROM subscribers AS earlier
                WHERE earlier.email = later.email
                  AND earlier.id < later.id);
