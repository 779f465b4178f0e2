WITH numbered AS (
  SELECT id, ROW_NUMBER() OVER (PARTITION BY email ORDER BY id) AS n
    FROM subscribers
)
DELETE FROM subscribers
 WHERE id IN (SELECT id FROM numbered WHERE n > 1);
