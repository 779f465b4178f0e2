-- The queue filters on status and sorts by placed_at.
CREATE INDEX orders_status_placed_idx ON orders (status, placed_at);
