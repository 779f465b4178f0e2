select name, price
from products
where discontinued = false
  and price is not null
order by price desc, name asc
fetch first 5 rows only;
