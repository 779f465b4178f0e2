SELECT c.name, s.revenue
FROM categories c
JOIN (
  SELECT p.category_id, sum(oi.quantity * p.price) AS revenue
  FROM products p JOIN order_items oi ON oi.product_id = p.id
  GROUP BY p.category_id
) s ON s.category_id = c.id
ORDER BY s.revenue DESC, c.name;
