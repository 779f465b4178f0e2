SELECT c.name, s.avg_quantity
FROM categories c
JOIN (
  SELECT p.category_id, round(avg(oi.quantity::numeric), 2) AS avg_quantity
  FROM products p JOIN order_items oi ON oi.product_id = p.id
  GROUP BY p.category_id
) s ON s.category_id = c.id;
