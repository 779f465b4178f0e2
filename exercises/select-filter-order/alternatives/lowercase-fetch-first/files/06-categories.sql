select category
from products
where category is not null
group by category
order by 1;
