SELECT name, price FROM products WHERE price BETWEEN 10.00 AND 50.00;
