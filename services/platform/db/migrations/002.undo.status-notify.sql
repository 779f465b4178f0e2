DROP TRIGGER submission_status_changed ON submissions;
DROP FUNCTION notify_submission_status();
