SELECT id, name FROM products WHERE category IS NOT DISTINCT FROM NULL;
