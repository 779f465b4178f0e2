SELECT c.name                      AS category,
       sum(oi.quantity * p.price)  AS revenue
FROM categories c
JOIN products p     ON p.category_id = c.id
JOIN order_items oi ON oi.product_id = p.id
GROUP BY c.id, c.name
ORDER BY revenue DESC, c.id;
