WITH first_two_pages AS (
  SELECT id, name FROM products ORDER BY name COLLATE "C", id LIMIT 10
)
SELECT id, name FROM first_two_pages ORDER BY name COLLATE "C", id OFFSET 5;
