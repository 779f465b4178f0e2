-- orders.customer_id is a foreign key: index it.
CREATE INDEX orders_customer_idx ON orders (customer_id);
