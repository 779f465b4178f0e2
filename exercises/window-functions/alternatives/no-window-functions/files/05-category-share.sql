SELECT p.category,
       p.name,
       SUM(s.amount) AS revenue,
       ROUND(SUM(s.amount) * 100.0 / MAX(t.total), 1) AS share
FROM products p
JOIN sales s ON s.product_id = p.id
JOIN (SELECT p2.category, SUM(s2.amount) AS total
        FROM products p2 JOIN sales s2 ON s2.product_id = p2.id
       GROUP BY p2.category) t ON t.category = p.category
GROUP BY p.id, p.category, p.name;
