SELECT name, price FROM products ORDER BY price IS NULL, price, name;
