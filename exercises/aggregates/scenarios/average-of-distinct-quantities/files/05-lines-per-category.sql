SELECT c.name       AS category,
       count(oi.id) AS order_lines
FROM categories c
LEFT JOIN products p     ON p.category_id = c.id
LEFT JOIN order_items oi ON oi.product_id = p.id
GROUP BY c.id, c.name;
