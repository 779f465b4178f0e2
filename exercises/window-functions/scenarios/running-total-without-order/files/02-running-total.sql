SELECT id, sold_on, amount,
       SUM(amount) OVER () AS running_total
FROM sales
ORDER BY sold_on;
