-- Exercise packages uploaded by instructors (issue 7). An upload becomes a candidate version:
-- it is graded (reference, starter, scenarios) like learners' code, and learners see it only
-- once it is published, which happens only when every check passed.
ALTER TABLE exercises ADD COLUMN published_at timestamptz;
UPDATE exercises SET published_at = loaded_at;
-- Who uploaded a version; null for versions loaded from exercises/ in the repository.
ALTER TABLE exercises ADD COLUMN uploaded_by uuid REFERENCES users (id);

CREATE TABLE package_validations (
  id               uuid        PRIMARY KEY,
  exercise_slug    text        NOT NULL,
  exercise_version integer     NOT NULL,
  user_id          uuid        NOT NULL REFERENCES users (id),
  -- Publish when every check passes, or only report.
  publish          boolean     NOT NULL,
  status           text        NOT NULL DEFAULT 'running'
                   CHECK (status IN ('running', 'passed', 'published', 'failed', 'error')),
  -- One grading per check: [{ submissionId, kind, runtime, scenario?, expected? }]
  plan             jsonb       NOT NULL,
  -- Each check's outcome, written once every grading has finished.
  checks           jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz,
  FOREIGN KEY (exercise_slug, exercise_version) REFERENCES exercises (slug, version)
);
-- One validation of an exercise at a time: its candidate version is shared.
CREATE UNIQUE INDEX package_validations_running_idx ON package_validations (exercise_slug) WHERE status = 'running';
CREATE INDEX package_validations_user_idx ON package_validations (user_id, created_at DESC);

-- The gradings of a validation are submissions without an author: they count in no learner's
-- limits, lists or statistics.
ALTER TABLE submissions ADD COLUMN validation_id uuid REFERENCES package_validations (id);
CREATE INDEX submissions_validation_idx ON submissions (validation_id) WHERE validation_id IS NOT NULL;

-- Announced on the channel of submission statuses (002, whose function reads only id and
-- status), so a watcher of a validation is woken when it ends.
CREATE TRIGGER package_validation_status_changed
  AFTER UPDATE OF status ON package_validations
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION notify_submission_status();
