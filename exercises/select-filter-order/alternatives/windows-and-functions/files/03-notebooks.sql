SELECT id, name FROM products WHERE position('notebook' IN lower(name)) > 0;
