update products
   set price = round(price * 1.1, 2)
 where sku in (select sku from products where category = 'Pens' and discontinued = false);
