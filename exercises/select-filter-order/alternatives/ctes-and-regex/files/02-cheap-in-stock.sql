WITH in_stock AS (SELECT * FROM products WHERE stock > 0)
SELECT name, price, stock FROM in_stock WHERE price < 20;
