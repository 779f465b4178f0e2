select id, name as product
from products
where name ilike '%NOTEBOOK%';
