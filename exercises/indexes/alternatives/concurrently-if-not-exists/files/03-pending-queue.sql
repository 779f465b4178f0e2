CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_pending ON orders (status, placed_at) WHERE status = 'pending';
