CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_customer_date ON orders (customer_id, placed_at DESC);
