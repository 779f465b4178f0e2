SELECT c.name, round(sum(oi.quantity)::numeric / count(*), 2) AS average
FROM order_items oi
JOIN products p ON p.id = oi.product_id
JOIN categories c ON c.id = p.category_id
GROUP BY c.name;
