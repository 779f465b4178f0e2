SELECT day, revenue, revenue - lag(revenue, 1) OVER w AS change
FROM (SELECT sold_on AS day, sum(amount) AS revenue FROM sales GROUP BY sold_on) days
WINDOW w AS (ORDER BY day ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
ORDER BY day;
