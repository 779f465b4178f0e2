-- Only the pending orders go into the index.
CREATE INDEX orders_pending_idx ON orders (status) WHERE status = 'pending';
