select id, email
from users
where id not in (select user_id from orders where user_id is not null);
