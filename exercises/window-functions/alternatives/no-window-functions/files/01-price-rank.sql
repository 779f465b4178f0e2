-- A product's rank is one more than the number of products of its category that cost more.
SELECT p.category,
       p.name,
       p.price,
       1 + (SELECT count(*)
              FROM products dearer
             WHERE dearer.category = p.category
               AND dearer.price > p.price) AS "rank"
  FROM products AS p;
