SELECT d.sold_on,
       d.revenue,
       d.revenue - (SELECT SUM(prev.amount)
                      FROM sales prev
                     WHERE prev.sold_on = (SELECT MAX(x.sold_on) FROM sales x WHERE x.sold_on < d.sold_on)) AS change
FROM (SELECT sold_on, SUM(amount) AS revenue FROM sales GROUP BY sold_on) d
ORDER BY 1;
