select id, name
from products
where not (category is not null);
