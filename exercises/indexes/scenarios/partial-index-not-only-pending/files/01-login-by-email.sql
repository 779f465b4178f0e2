-- The query compares lower(email), so the index holds lower(email): an index on email itself
-- cannot serve it. Not UNIQUE: some customers signed up twice in other capitals.
CREATE INDEX customers_lower_email_idx ON customers (lower(email));
