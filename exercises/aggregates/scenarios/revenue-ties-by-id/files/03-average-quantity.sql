SELECT c.name                      AS category,
       round(avg(oi.quantity), 2)  AS avg_quantity
FROM categories c
JOIN products p     ON p.category_id = c.id
JOIN order_items oi ON oi.product_id = p.id
GROUP BY c.id, c.name;
