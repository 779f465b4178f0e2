-- Re-grading (issue 7): a submission graded again against a newer version of its exercise is a
-- new submission pointing at the one it re-grades, so the old grade never changes.
ALTER TABLE submissions ADD COLUMN regrade_of uuid REFERENCES submissions (id);
CREATE INDEX submissions_regrade_of_idx ON submissions (regrade_of) WHERE regrade_of IS NOT NULL;
