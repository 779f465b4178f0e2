CREATE INDEX customers_email_hash ON customers USING hash (lower(email));
