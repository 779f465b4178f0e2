-- Only products that are both discontinued and out of stock go.
DELETE FROM products
 WHERE discontinued
   AND stock = 0;
