-- Every status change of a submission is announced, so API clients can wait for a result
-- (and later watch progress) without polling the table.
CREATE FUNCTION notify_submission_status() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('submission_status', json_build_object('id', NEW.id, 'status', NEW.status)::text);
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER submission_status_changed
  AFTER UPDATE OF status ON submissions
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION notify_submission_status();
