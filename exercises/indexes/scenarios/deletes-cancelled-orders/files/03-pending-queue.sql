-- Cancelled orders never reach the queue: delete them so that the table stays small.
DELETE FROM orders WHERE status = 'cancelled';
CREATE INDEX orders_pending_placed_idx ON orders (placed_at) WHERE status = 'pending';
