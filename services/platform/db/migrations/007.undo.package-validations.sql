DROP TRIGGER package_validation_status_changed ON package_validations;
DROP INDEX submissions_validation_idx;
ALTER TABLE submissions DROP COLUMN validation_id;
DROP TABLE package_validations;
ALTER TABLE exercises DROP COLUMN uploaded_by;
ALTER TABLE exercises DROP COLUMN published_at;
