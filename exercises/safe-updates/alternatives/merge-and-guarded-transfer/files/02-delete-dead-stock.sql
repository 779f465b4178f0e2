DELETE FROM products
 WHERE sku IN (SELECT sku FROM products WHERE discontinued AND stock = 0);
