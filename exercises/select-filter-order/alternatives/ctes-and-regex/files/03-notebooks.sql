WITH matches AS (SELECT id, name FROM products WHERE name ~* 'notebook')
SELECT id, name FROM matches;
