create index on customers (lower(email) text_pattern_ops, id);
analyze customers;
