SELECT name, price, stock FROM products WHERE stock > 0 AND price < 20.00 AND price IS NOT NULL;
