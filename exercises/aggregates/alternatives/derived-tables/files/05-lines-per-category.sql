SELECT c.name, COALESCE(s.lines, 0) AS lines
FROM categories c
LEFT JOIN (
  SELECT p.category_id, count(*) AS lines
  FROM products p JOIN order_items oi ON oi.product_id = p.id
  GROUP BY p.category_id
) s ON s.category_id = c.id;
