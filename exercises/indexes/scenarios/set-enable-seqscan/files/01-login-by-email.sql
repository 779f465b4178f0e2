-- Forbid sequential scans so that PostgreSQL has to use the index.
SET enable_seqscan = off;
CREATE INDEX customers_email_idx ON customers (email);
