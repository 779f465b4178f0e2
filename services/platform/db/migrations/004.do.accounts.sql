-- Accounts (issue 7): every submission has an author, read only by them, by the instructors who
-- maintain its exercise, and by admins.
CREATE TABLE users (
  id            uuid        PRIMARY KEY,
  -- Stored as typed, compared lower-cased: one account per address, whatever its case.
  email         text        NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  password_hash text        NOT NULL,
  role          text        NOT NULL DEFAULT 'learner' CHECK (role IN ('learner', 'instructor', 'admin')),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_idx ON users (lower(email));

-- Bearer tokens for the API and the CLI. Only a SHA-256 of the token is kept: it is 256 random
-- bits, so a fast hash is enough, and a stolen table holds nothing that logs in.
CREATE TABLE api_tokens (
  id           uuid        PRIMARY KEY,
  user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash   text        NOT NULL UNIQUE,
  name         text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- Failed logins per email (lower-cased, whether or not it has an account) and client address:
-- too many in a window and logins for that email from there wait, so a password cannot be
-- guessed at speed, and a guesser elsewhere cannot lock the owner out.
CREATE TABLE login_failures (
  throttle_key text       NOT NULL, -- lower(email) | client address
  failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_idx ON login_failures (throttle_key, failed_at);

-- Who maintains an exercise (all its versions): they read its submissions.
CREATE TABLE exercise_maintainers (
  exercise_slug text        NOT NULL,
  user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (exercise_slug, user_id)
);

-- Submissions made before accounts have no author: only admins read them.
ALTER TABLE submissions ADD COLUMN user_id uuid REFERENCES users (id);
-- The same files to the same exercise version by the same author are graded once.
ALTER TABLE submissions ADD COLUMN files_hash text;
CREATE INDEX submissions_user_idx ON submissions (user_id, created_at DESC);
CREATE INDEX submissions_resubmit_idx ON submissions (user_id, exercise_slug, exercise_version, runtime, files_hash);
CREATE INDEX submissions_exercise_idx ON submissions (exercise_slug, created_at DESC);
