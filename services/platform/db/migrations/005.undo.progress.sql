ALTER TABLE submissions DROP COLUMN progress;
