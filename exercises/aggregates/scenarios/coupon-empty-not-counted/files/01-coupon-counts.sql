SELECT count(*)                         AS orders,
       count(NULLIF(coupon, ''))          AS with_coupon,
       count(DISTINCT NULLIF(coupon, '')) AS coupon_codes
FROM orders;
