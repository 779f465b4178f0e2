select count(id), sum(case when coupon is null then 0 else 1 end), count(distinct coupon)
from orders;
