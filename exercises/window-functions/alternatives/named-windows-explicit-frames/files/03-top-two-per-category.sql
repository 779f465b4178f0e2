SELECT category, name, revenue
FROM (
  SELECT category, name, revenue, rank() OVER w AS place
  FROM (
    SELECT p.category, p.name, s.revenue
    FROM (SELECT product_id, sum(amount) AS revenue FROM sales GROUP BY product_id) s
    JOIN products p ON p.id = s.product_id
  ) per_product
  WINDOW w AS (PARTITION BY category ORDER BY revenue DESC)
) ranked
WHERE place IN (1, 2)
ORDER BY category, revenue DESC, name;
