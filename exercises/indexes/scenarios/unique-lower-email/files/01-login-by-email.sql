-- One account per address: a unique index on the lower-cased email.
CREATE UNIQUE INDEX customers_lower_email_key ON customers (lower(email));
