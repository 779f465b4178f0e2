SELECT c.name,
       (SELECT count(*)
        FROM order_items oi JOIN products p ON p.id = oi.product_id
        WHERE p.category_id = c.id) AS lines
FROM categories c;
