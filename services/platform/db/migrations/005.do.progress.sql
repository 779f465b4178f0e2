-- Live progress (issue 7): each test as the grader reports it, for clients watching a
-- submission (GET /api/v1/submissions/:id/events). The final result in `tests` is what counts;
-- this is only what the current attempt has reported so far, for a watcher that joins late.
ALTER TABLE submissions ADD COLUMN progress jsonb NOT NULL DEFAULT '[]';
