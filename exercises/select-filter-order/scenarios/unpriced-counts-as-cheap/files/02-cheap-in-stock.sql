SELECT name, price, stock
FROM products
WHERE stock > 0 AND COALESCE(price, 0) < 20;
