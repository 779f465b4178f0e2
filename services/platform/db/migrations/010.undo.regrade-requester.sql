DROP INDEX IF EXISTS submissions_requested_by_idx;
ALTER TABLE submissions DROP COLUMN IF EXISTS requested_by;
