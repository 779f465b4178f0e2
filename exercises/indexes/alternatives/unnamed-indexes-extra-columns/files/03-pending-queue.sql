create index on orders (placed_at, id) where status in ('pending');
