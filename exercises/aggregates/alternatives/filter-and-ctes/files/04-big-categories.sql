WITH lines AS (
  SELECT p.category_id, oi.quantity * p.price AS amount
  FROM order_items oi JOIN products p ON p.id = oi.product_id
), totals AS (
  SELECT category_id, sum(amount) AS revenue FROM lines GROUP BY category_id
)
SELECT c.name, t.revenue
FROM totals t JOIN categories c ON c.id = t.category_id
WHERE t.revenue >= 250.00;
