SELECT c.name                                   AS category,
       COALESCE(sum(oi.quantity * p.price), 0)  AS revenue
FROM categories c
LEFT JOIN products p     ON p.category_id = c.id
LEFT JOIN order_items oi ON oi.product_id = p.id
GROUP BY c.id, c.name
ORDER BY revenue DESC, category;
