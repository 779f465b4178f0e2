select p.name as product, p.price as cost
from products as p
order by 2 asc nulls last;
