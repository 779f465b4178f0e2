SELECT sold_on,
       SUM(amount) AS revenue,
       SUM(amount) - LAG(SUM(amount)) OVER (ORDER BY sold_on) AS change
FROM sales
GROUP BY sold_on
ORDER BY sold_on;
