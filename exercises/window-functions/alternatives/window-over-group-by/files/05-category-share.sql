SELECT p.category, p.name, SUM(s.amount)::float8 AS revenue,
       CAST(100 * SUM(s.amount) / SUM(SUM(s.amount)) OVER (PARTITION BY p.category) AS numeric(5, 1)) AS share
FROM products p
JOIN sales s ON s.product_id = p.id
GROUP BY p.id, p.category, p.name;
