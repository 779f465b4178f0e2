select s.id,
       s.sold_on,
       s.amount,
       (select sum(earlier.amount) from sales earlier where earlier.sold_on <= s.sold_on) as total_so_far
from sales s
order by s.sold_on, s.id
