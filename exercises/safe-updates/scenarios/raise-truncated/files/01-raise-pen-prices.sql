UPDATE products SET price = TRUNC(price * 1.10, 2)
 WHERE category = 'Pens' AND NOT discontinued;
