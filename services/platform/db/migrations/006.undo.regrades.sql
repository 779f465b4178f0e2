DROP INDEX submissions_regrade_of_idx;
ALTER TABLE submissions DROP COLUMN regrade_of;
