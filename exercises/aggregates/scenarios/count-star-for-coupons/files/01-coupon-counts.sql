SELECT count(*)               AS orders,
       count(*)               AS with_coupon,
       count(DISTINCT coupon) AS coupon_codes
FROM orders;
