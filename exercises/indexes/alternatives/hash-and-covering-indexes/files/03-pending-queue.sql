CREATE INDEX orders_queue_idx ON orders (placed_at) INCLUDE (customer_id, total) WHERE status = 'pending';
