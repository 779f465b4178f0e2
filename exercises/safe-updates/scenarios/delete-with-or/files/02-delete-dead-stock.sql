DELETE FROM products
 WHERE discontinued
    OR stock = 0;
