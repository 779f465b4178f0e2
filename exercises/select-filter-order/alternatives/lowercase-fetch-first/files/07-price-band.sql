select name, price
from products
where price >= 10.00 and price <= 50.00;
