SELECT id AS sale_id, sold_on AS day, amount,
       sum(amount) OVER (ORDER BY sold_on RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cumulative
FROM sales
ORDER BY sold_on ASC, amount DESC, id DESC;
