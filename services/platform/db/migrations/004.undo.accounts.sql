DROP INDEX submissions_exercise_idx;
DROP INDEX submissions_resubmit_idx;
DROP INDEX submissions_user_idx;
ALTER TABLE submissions DROP COLUMN files_hash;
ALTER TABLE submissions DROP COLUMN user_id;
DROP TABLE exercise_maintainers;
DROP TABLE login_failures;
DROP TABLE api_tokens;
DROP TABLE users;
