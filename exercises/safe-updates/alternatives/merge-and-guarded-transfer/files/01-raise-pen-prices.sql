-- price is numeric(8, 2): the product is rounded to the cent when it is stored.
UPDATE products SET price = price * 1.10 WHERE category = 'Pens' AND NOT discontinued;
