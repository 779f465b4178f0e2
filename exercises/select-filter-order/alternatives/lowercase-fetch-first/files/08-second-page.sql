select id, name
from products
order by name, id
offset 5 rows fetch next 5 rows only;
