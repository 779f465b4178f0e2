SELECT r.category, r.name, r.revenue
FROM (SELECT p.id, p.category, p.name, SUM(s.amount) AS revenue
        FROM products p
        JOIN sales s ON s.product_id = p.id
       GROUP BY p.id) AS r
WHERE (SELECT COUNT(*)
         FROM (SELECT p2.id, SUM(s2.amount) AS revenue
                 FROM products p2
                 JOIN sales s2 ON s2.product_id = p2.id
                WHERE p2.category = r.category
                GROUP BY p2.id) AS better
        WHERE better.revenue > r.revenue) < 2;
