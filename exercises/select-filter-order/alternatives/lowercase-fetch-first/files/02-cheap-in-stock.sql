select name as product, price as cost, stock as units
from products
where stock >= 1
  and price <= 19.99;
