-- Live progress as one row per test (issue 16). It was a jsonb array on the submission that
-- every reported test rewrote whole: n tests cost O(n²), and a grader printing thousands of
-- `ok` lines held a worker and loaded the database. A row per test costs the same whatever came
-- before; the worker records at most one per test number, up to a cap (tap-progress.ts), and
-- the rows go once the attempt's result is stored.
CREATE TABLE submission_progress (
  submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  n integer NOT NULL,
  name text NOT NULL,
  status text NOT NULL,
  PRIMARY KEY (submission_id, attempt, n)
);
ALTER TABLE submissions DROP COLUMN progress;

-- Where in the stored log tail each grader test began (character offsets), so the view a
-- learner gets can end the log where the first hidden test began (hidden-tests.ts).
ALTER TABLE submissions ADD COLUMN log_marks jsonb;
