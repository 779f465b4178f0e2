SELECT o.total, c.used, c.codes
FROM (SELECT count(*) AS total FROM orders) o
CROSS JOIN (SELECT count(coupon) AS used, count(DISTINCT coupon) AS codes FROM orders) c;
