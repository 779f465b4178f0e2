-- The column compared with = first, the range (and sort) column second: one customer's orders
-- of the year are then side by side in the index, already in placed_at order.
CREATE INDEX orders_customer_placed_idx ON orders (customer_id, placed_at);
