SELECT category, name, revenue,
       round(revenue / sum(revenue) OVER (PARTITION BY category) * 100, 1) AS pct
FROM (
  SELECT p.id, p.category, p.name, sum(s.amount) AS revenue
  FROM sales s JOIN products p ON p.id = s.product_id
  GROUP BY p.id, p.category, p.name
) t
ORDER BY category, pct DESC;
