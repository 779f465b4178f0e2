CREATE INDEX orders_history_idx ON orders (customer_id, placed_at DESC) INCLUDE (status, total);
