SELECT count(*) AS all_orders,
       count(*) FILTER (WHERE coupon IS NOT NULL) AS orders_with_coupon,
       (SELECT count(*) FROM (SELECT DISTINCT coupon FROM orders WHERE coupon IS NOT NULL) AS codes) AS distinct_codes
FROM orders;
