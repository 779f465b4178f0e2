WITH ranked AS (
  SELECT p.*, RANK() OVER (PARTITION BY p.category ORDER BY p.price DESC) AS r
  FROM products p
)
SELECT category, name, price, r FROM ranked;
