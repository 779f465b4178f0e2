CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_customers_email_ci ON customers (lower(email)) INCLUDE (name);
