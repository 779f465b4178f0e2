-- Logins look customers up by email, so index email.
CREATE INDEX customers_email_idx ON customers (email);
