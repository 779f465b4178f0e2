SELECT count(*)               AS orders,
       count(coupon)          AS with_coupon,
       count(DISTINCT coupon) AS coupon_codes
FROM orders;
