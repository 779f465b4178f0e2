-- Both columns of the WHERE clause, the date first.
CREATE INDEX orders_placed_customer_idx ON orders (placed_at, customer_id);
