DELETE FROM products WHERE (discontinued, stock) = (TRUE, 0);
