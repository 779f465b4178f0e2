WITH lines AS (
  SELECT p.category_id, oi.quantity * p.price AS amount
  FROM order_items oi JOIN products p ON p.id = oi.product_id
)
SELECT c.name, sum(l.amount) AS revenue
FROM lines l JOIN categories c ON c.id = l.category_id
GROUP BY c.name
ORDER BY revenue DESC, c.name ASC;
