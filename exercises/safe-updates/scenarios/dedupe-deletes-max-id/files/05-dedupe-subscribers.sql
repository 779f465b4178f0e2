DELETE FROM subscribers
 WHERE id IN (SELECT max(id)
                FROM subscribers
               GROUP BY email
              HAVING count(*) > 1);
