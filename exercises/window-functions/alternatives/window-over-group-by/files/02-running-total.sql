WITH days AS (
  SELECT sold_on, SUM(amount) AS day_total FROM sales GROUP BY sold_on
), totals AS (
  SELECT sold_on, SUM(day_total) OVER (ORDER BY sold_on ROWS UNBOUNDED PRECEDING) AS running
  FROM days
)
SELECT s.id, s.sold_on, s.amount, t.running
FROM sales s
JOIN totals t USING (sold_on)
ORDER BY s.sold_on;
