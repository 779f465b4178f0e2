-- Only the pending orders, in placed_at order: a small index the queue reads from its start.
CREATE INDEX orders_pending_placed_idx ON orders (placed_at) WHERE status = 'pending';
