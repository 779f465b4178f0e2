ALTER TABLE submissions DROP COLUMN log_marks;
ALTER TABLE submissions ADD COLUMN progress jsonb NOT NULL DEFAULT '[]';
DROP TABLE submission_progress;
