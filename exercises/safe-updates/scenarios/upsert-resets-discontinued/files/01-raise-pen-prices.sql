-- Pens still on sale cost 10% more, rounded to the cent; discontinued pens keep their price.
UPDATE products
   SET price = ROUND(price * 1.10, 2)
 WHERE category = 'Pens'
   AND NOT discontinued;
