-- Re-grades are counted against whoever asked for them (issue 16): the re-grade is still the
-- learner's submission (they read it), but it no longer uses up the learner's own limits, and an
-- instructor's re-grades are limited by what that instructor already has waiting.
ALTER TABLE submissions ADD COLUMN requested_by uuid REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX submissions_requested_by_idx ON submissions (requested_by) WHERE requested_by IS NOT NULL AND status IN ('queued', 'running');
