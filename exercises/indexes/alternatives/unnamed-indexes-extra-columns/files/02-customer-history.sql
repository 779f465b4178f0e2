create index on orders using btree (customer_id, placed_at, id);
