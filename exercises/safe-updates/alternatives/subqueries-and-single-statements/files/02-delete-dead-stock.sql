delete from products where discontinued is true and stock < 1;
