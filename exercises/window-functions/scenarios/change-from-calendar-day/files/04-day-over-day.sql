WITH daily AS (
  SELECT sold_on, SUM(amount) AS revenue
  FROM sales
  GROUP BY sold_on
)
SELECT d.sold_on, d.revenue, d.revenue - y.revenue AS change
FROM daily d
LEFT JOIN daily y ON y.sold_on = d.sold_on - 1
ORDER BY d.sold_on;
