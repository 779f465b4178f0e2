UPDATE products p
   SET price = ROUND(p.price * 110 / 100, 2)
 WHERE p.category = 'Pens'
   AND p.discontinued = FALSE;
