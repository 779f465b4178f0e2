SELECT name, price
FROM (
  SELECT name, price, row_number() OVER (ORDER BY price DESC, name) AS place
  FROM products
  WHERE NOT discontinued AND price IS NOT NULL
) ranked
WHERE place <= 5
ORDER BY place;
