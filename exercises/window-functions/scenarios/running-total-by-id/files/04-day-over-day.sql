WITH daily AS (
  SELECT sold_on, SUM(amount) AS revenue
  FROM sales
  GROUP BY sold_on
)
SELECT sold_on, revenue,
       revenue - LAG(revenue) OVER (ORDER BY sold_on) AS change
FROM daily
ORDER BY sold_on;
