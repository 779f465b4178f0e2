-- Delivered orders never reach the queue again: leave them out of the index.
CREATE INDEX orders_open_idx ON orders (placed_at) WHERE status <> 'delivered';
