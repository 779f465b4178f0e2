WITH revenue AS (
  SELECT p.category, p.name, SUM(s.amount) AS revenue
  FROM products p
  JOIN sales s ON s.product_id = p.id
  GROUP BY p.id, p.category, p.name
)
SELECT category, name, revenue,
       ROUND(100 * revenue / SUM(revenue) OVER (PARTITION BY category), 1) AS share
FROM revenue;
