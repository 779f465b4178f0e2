-- Web sessions (issue 8) are API tokens in a cookie; unlike a CLI's token they end on their own,
-- so a cookie value that leaks is worth nothing after its days.
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
