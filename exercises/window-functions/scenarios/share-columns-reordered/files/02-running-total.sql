SELECT id, sold_on, amount,
       SUM(amount) OVER (ORDER BY sold_on) AS running_total
FROM sales
ORDER BY sold_on;
