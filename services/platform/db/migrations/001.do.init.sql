-- Exercises are content loaded from exercises/<slug>/; each (slug, version) is kept so a
-- submission can always be graded, and shown, against the version it was submitted to.
CREATE TABLE exercises (
  slug          text        NOT NULL,
  version       integer     NOT NULL CHECK (version > 0),
  title         text        NOT NULL,
  summary       text        NOT NULL,
  track         text        NOT NULL,
  manifest      jsonb       NOT NULL,
  instructions  text        NOT NULL,
  starter_files jsonb       NOT NULL,
  grader_files  jsonb       NOT NULL,
  content_hash  text        NOT NULL,
  loaded_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (slug, version)
);

CREATE TABLE submissions (
  id               uuid        PRIMARY KEY,
  exercise_slug    text        NOT NULL,
  exercise_version integer     NOT NULL,
  files            jsonb       NOT NULL,
  status           text        NOT NULL DEFAULT 'queued'
                   CHECK (status IN ('queued', 'running', 'passed', 'failed', 'error')),
  verdict          text,
  score            integer,
  max_score        integer,
  message          text,
  tests            jsonb       NOT NULL DEFAULT '[]',
  log_tail         text,
  attempts         integer     NOT NULL DEFAULT 0,
  timings          jsonb       NOT NULL DEFAULT '{}',
  internal_error   text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  started_at       timestamptz,
  finished_at      timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (exercise_slug, exercise_version) REFERENCES exercises (slug, version)
);

-- The reconciler looks for submissions that have waited too long.
CREATE INDEX submissions_unfinished_idx ON submissions (updated_at)
  WHERE status IN ('queued', 'running');
