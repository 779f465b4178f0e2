WITH ranked AS (
  SELECT p.category, p.name, SUM(s.amount) AS revenue,
         RANK() OVER (PARTITION BY p.category ORDER BY SUM(s.amount) DESC) AS r
  FROM sales s
  INNER JOIN products p ON s.product_id = p.id
  GROUP BY p.id
)
SELECT category, name, revenue FROM ranked WHERE r < 3;
