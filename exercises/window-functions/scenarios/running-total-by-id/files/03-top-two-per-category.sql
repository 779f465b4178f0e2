WITH revenue AS (
  SELECT p.category, p.name, SUM(s.amount) AS revenue
  FROM products p
  JOIN sales s ON s.product_id = p.id
  GROUP BY p.id, p.category, p.name
),
ranked AS (
  SELECT category, name, revenue,
         RANK() OVER (PARTITION BY category ORDER BY revenue DESC) AS place
  FROM revenue
)
SELECT category, name, revenue
FROM ranked
WHERE place <= 2;
