import { createHash } from 'node:crypto'
import { laneOrderSql } from './grade-queue.js'
import type { Pool } from '../platform/db/pool.js'
import type { FileMap } from '../platform/file-tree.js'
import type { RuntimeName } from '../exercise/runtimes.js'
import type { GradingResult, LogMark, TestResult, Timings } from './result-schema.js'
import { cutText, storableText, storableValue } from './storable-text.js'

export type SubmissionStatus = 'queued' | 'running' | 'passed' | 'failed' | 'error'

export interface Submission {
  id: string
  /** The author; null only for submissions made before accounts existed. */
  userId: string | null
  /** The submission this one grades again against a newer exercise version, if it is a re-grade. */
  regradeOf: string | null
  /** The package validation this grading proves a check of; such submissions have no author. */
  validationId: string | null
  exerciseSlug: string
  exerciseVersion: number
  runtime: RuntimeName
  files: FileMap
  status: SubmissionStatus
  verdict: string | null
  score: number | null
  maxScore: number | null
  message: string | null
  tests: TestResult[]
  logTail: string | null
  /** Where in logTail each test of the grader began; null for results stored before there were marks. */
  logMarks: LogMark[] | null
  attempts: number
  timings: Timings
  createdAt: Date
  startedAt: Date | null
  finishedAt: Date | null
  updatedAt: Date
}

const columns = `id, user_id AS "userId", regrade_of AS "regradeOf", validation_id AS "validationId", exercise_slug AS "exerciseSlug", exercise_version AS "exerciseVersion", runtime, files, status, verdict,
  score, max_score AS "maxScore", message, tests, log_tail AS "logTail", log_marks AS "logMarks", attempts, timings,
  created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt", updated_at AS "updatedAt"`

/**
 * How many tests an attempt's progress records at most: as many as a result may hold. The worker
 * stops announcing there (tap-reader.ts); this is the database's own guard.
 */
export const MAX_PROGRESS_TESTS = 500

/** One test as the grader reported it, before the result is built: its number, name and outcome. */
export interface ProgressTest {
  n: number
  name: string
  status: 'pass' | 'fail' | 'skip'
}

export interface NewSubmission {
  id: string
  userId: string
  exerciseSlug: string
  exerciseVersion: number
  runtime: RuntimeName
  files: FileMap
}

export interface AdmissionLimits {
  perMinute: number
  queuedPerUser: number
  queueCap: number
}

/** What became of a submission: stored, or the earlier one with the same files, or refused. */
export type Admission =
  /** `ahead`: the author's own submissions already waiting or being graded (the queue serves accounts in turn by it). */
  | { kind: 'created', submission: Submission, ahead: number }
  | { kind: 'duplicate', submission: Submission }
  | { kind: 'rate-limited', count: number, retryAfterSeconds: number }
  | { kind: 'too-many-queued', count: number, retryAfterSeconds: number }
  | { kind: 'queue-full', count: number, retryAfterSeconds: number }

/** The same files (whatever order their paths came in) hash the same. */
export function filesHash (files: FileMap): string {
  const canonical = JSON.stringify(Object.keys(files).sort().map((path) => [path, files[path]]))
  return createHash('sha256').update(canonical).digest('hex')
}

/** A submission waits some seconds at most when the queue is short: the hint for Retry-After. */
const TYPICAL_GRADING_SECONDS = 5

export function createSubmissionsRepository (pool: Pool) {
  return {
    /**
     * Stores a submission unless its author sent the same files to the same exercise version
     * before (that one is returned, unless Backlab failed to grade it), or a limit says no. One
     * author's submissions are admitted one at a time (an advisory lock), so two requests at
     * once cannot both slip under a limit.
     */
    async admit (input: NewSubmission, limits: AdmissionLimits): Promise<Admission> {
      const hash = filesHash(input.files)
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [input.userId])
        const earlier = await client.query(
          `SELECT ${columns} FROM submissions WHERE user_id = $1 AND exercise_slug = $2 AND exercise_version = $3
             AND runtime = $4 AND files_hash = $5 AND status <> 'error'
             -- A verdict that depended on time (a wait ran out) is graded again, never replayed.
             AND coalesce((timings->>'timedWaits')::int, 0) = 0 AND verdict IS DISTINCT FROM 'time_limit'
           ORDER BY created_at DESC LIMIT 1`,
          [input.userId, input.exerciseSlug, input.exerciseVersion, input.runtime, hash])
        if (earlier.rows[0] !== undefined) {
          await client.query('COMMIT')
          return { kind: 'duplicate', submission: earlier.rows[0] as Submission }
        }
        const mine = (await client.query(
          `SELECT count(*) FILTER (WHERE created_at > now() - interval '1 minute')::int AS recent,
                  extract(epoch FROM min(created_at) FILTER (WHERE created_at > now() - interval '1 minute') + interval '1 minute' - now()) AS "recentFreesIn",
                  count(*) FILTER (WHERE status IN ('queued', 'running'))::int AS pending
           -- Re-grades are the learner's submissions but not their doing: they count against whoever asked (regrade-admission.ts).
           FROM submissions WHERE user_id = $1 AND regrade_of IS NULL AND (created_at > now() - interval '1 minute' OR status IN ('queued', 'running'))`,
          [input.userId])).rows[0] as { recent: number, recentFreesIn: string | null, pending: number }
        if (mine.recent >= limits.perMinute) {
          await client.query('ROLLBACK')
          return { kind: 'rate-limited', count: mine.recent, retryAfterSeconds: Number(mine.recentFreesIn ?? 60) }
        }
        if (mine.pending >= limits.queuedPerUser) {
          await client.query('ROLLBACK')
          return { kind: 'too-many-queued', count: mine.pending, retryAfterSeconds: TYPICAL_GRADING_SECONDS }
        }
        const all = (await client.query(
          "SELECT count(*)::int AS pending FROM submissions WHERE status IN ('queued', 'running')")).rows[0] as { pending: number }
        if (all.pending >= limits.queueCap) {
          await client.query('ROLLBACK')
          return { kind: 'queue-full', count: all.pending, retryAfterSeconds: 30 }
        }
        const { rows } = await client.query(
          `INSERT INTO submissions (id, user_id, exercise_slug, exercise_version, runtime, files, files_hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${columns}`,
          [input.id, input.userId, input.exerciseSlug, input.exerciseVersion, input.runtime, input.files, hash])
        await client.query('COMMIT')
        return { kind: 'created', submission: rows[0] as Submission, ahead: mine.pending }
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {})
        throw err
      } finally {
        client.release()
      }
    },

    /**
     * Newest first, `limit` at a time; `before` (a submission id) continues a listing. Filters
     * by author, by exercise, or both. Gradings of package validations are listed by their
     * validation, not here.
     */
    async list (filter: { userId?: string, exerciseSlug?: string, before?: string, limit: number }): Promise<Submission[]> {
      const { rows } = await pool.query(
        `SELECT ${columns} FROM submissions s
         WHERE validation_id IS NULL AND ($1::uuid IS NULL OR user_id = $1) AND ($2::text IS NULL OR exercise_slug = $2)
           AND ($3::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM submissions WHERE id = $3))
         ORDER BY created_at DESC, id DESC LIMIT $4`,
        [filter.userId ?? null, filter.exerciseSlug ?? null, filter.before ?? null, filter.limit])
      return rows as Submission[]
    },

    /**
     * A queued submission's place in the queue (1 = next), undefined once it is not queued. The
     * queue has three lanes, taken in order (grade-queue.ts): learners', then validations', then
     * re-grades'; oldest first within a lane.
     */
    async queuePosition (id: string): Promise<number | undefined> {
      const { rows } = await pool.query(
        `SELECT (SELECT count(*)::int + 1 FROM submissions o
                 WHERE o.status = 'queued' AND o.id <> s.id
                   AND (${laneOrderSql('o')} < ${laneOrderSql('s')}
                        OR (${laneOrderSql('o')} = ${laneOrderSql('s')} AND (o.created_at, o.id) < (s.created_at, s.id)))) AS position
         FROM submissions s WHERE s.id = $1 AND s.status = 'queued'`, [id])
      return (rows[0] as { position: number } | undefined)?.position
    },

    /** Per exercise the learner submitted to: 'passed' once any submission passed, else 'attempted'. */
    async progressByExercise (userId: string): Promise<Map<string, 'attempted' | 'passed'>> {
      const { rows } = await pool.query(
        `SELECT exercise_slug AS slug, bool_or(status = 'passed') AS passed FROM submissions
         WHERE user_id = $1 AND regrade_of IS NULL GROUP BY exercise_slug`, [userId])
      return new Map(rows.map((r: { slug: string, passed: boolean }) => [r.slug, r.passed ? 'passed' : 'attempted']))
    },

    async findById (id: string): Promise<Submission | undefined> {
      const { rows } = await pool.query(`SELECT ${columns} FROM submissions WHERE id = $1`, [id])
      return rows[0] as Submission | undefined
    },

    /**
     * Marks a submission running and counts the attempt. Returns undefined when it is already
     * finished, so a duplicate delivery of the job grades nothing twice.
     */
    async claim (id: string): Promise<Submission | undefined> {
      const { rows } = await pool.query(
        `WITH claimed AS (
           UPDATE submissions SET status = 'running', attempts = attempts + 1,
             started_at = coalesce(started_at, now()), updated_at = now()
           WHERE id = $1 AND status IN ('queued', 'running') RETURNING ${columns}
         ), earlier AS (
           -- What an earlier attempt reported is not this one's progress.
           DELETE FROM submission_progress WHERE submission_id = $1 AND EXISTS (SELECT 1 FROM claimed)
         )
         SELECT * FROM claimed`,
        [id]
      )
      return rows[0] as Submission | undefined
    },

    /**
     * Stores a result only if `attempt` is still the newest attempt: a stalled attempt that wakes
     * up late cannot overwrite the result of the attempt that replaced it.
     */
    async saveResult (id: string, attempt: number, result: GradingResult): Promise<boolean> {
      // Learner bytes are in the message, the tests and the log: whatever they hold is stored.
      const r = storableValue(result)
      const { rows } = await pool.query(
        `WITH saved AS (
           UPDATE submissions SET status = $3, verdict = $4, score = $5, max_score = $6, message = $7, tests = $8,
             log_tail = $9, timings = $10, log_marks = $11, finished_at = now(), updated_at = now(), internal_error = NULL
           WHERE id = $1 AND attempts = $2 AND status = 'running' RETURNING id
         ), progress AS (
           -- Watchers of a finished submission read its result, not its progress.
           DELETE FROM submission_progress WHERE submission_id = $1 AND EXISTS (SELECT 1 FROM saved)
         )
         SELECT count(*)::int AS saved FROM saved`,
        [id, attempt, r.status, r.verdict, r.score, r.maxScore, r.message,
          JSON.stringify(r.tests), r.logTail, r.timings, r.logMarks === undefined ? null : JSON.stringify(r.logMarks)]
      )
      return (rows[0] as { saved: number }).saved === 1
    },

    /**
     * Notes a test the grader reported, while the attempt is the newest and still running, and
     * announces it on `submission_progress` for watchers (see status-events.ts).
     */
    async recordProgress (id: string, attempt: number, test: ProgressTest): Promise<void> {
      // One row, whatever came before it (an index lookup and an insert): O(1) per test. A test
      // number already recorded, or past the cap, records nothing.
      if (!Number.isSafeInteger(test.n) || test.n < 1 || test.n > MAX_PROGRESS_TESTS) return
      const name = storableText(test.name)
      await pool.query(
        `WITH recorded AS (
           INSERT INTO submission_progress (submission_id, attempt, n, name, status)
           SELECT id, attempts, $3, $4, $5 FROM submissions WHERE id = $1 AND attempts = $2 AND status = 'running'
           ON CONFLICT DO NOTHING RETURNING submission_id, attempt
         )
         SELECT pg_notify('submission_progress', json_build_object('id', submission_id, 'attempt', attempt,
           'test', json_build_object('n', $3::int, 'name', $4::text, 'status', $5::text))::text) FROM recorded`,
        [id, attempt, test.n, name, test.status])
    },

    /** What the current attempt has reported so far, in test order. */
    async progress (id: string): Promise<{ attempt: number, tests: ProgressTest[] } | undefined> {
      const { rows } = await pool.query(
        `SELECT s.attempts AS attempt,
           coalesce((SELECT json_agg(json_build_object('n', p.n, 'name', p.name, 'status', p.status) ORDER BY p.n)
                     FROM submission_progress p WHERE p.submission_id = s.id AND p.attempt = s.attempts), '[]') AS tests
         FROM submissions s WHERE s.id = $1`, [id])
      return rows[0] as { attempt: number, tests: ProgressTest[] } | undefined
    },

    /** Adds a timing measured after the result was stored (teardown). */
    async recordTiming (id: string, name: keyof Timings, ms: number): Promise<void> {
      await pool.query('UPDATE submissions SET timings = timings || jsonb_build_object($2::text, $3::int) WHERE id = $1', [id, name, ms])
    },

    /** Gives up on a submission Backlab could not grade; the learner is told it was not their code. */
    async markPlatformError (id: string, internalError: string, message = PLATFORM_ERROR_MESSAGE): Promise<boolean> {
      const { rows } = await pool.query(
        `WITH marked AS (
           UPDATE submissions SET status = 'error', verdict = 'platform_error', message = $2, internal_error = $3,
             finished_at = now(), updated_at = now()
           WHERE id = $1 AND status IN ('queued', 'running') RETURNING id
         ), progress AS (
           DELETE FROM submission_progress WHERE submission_id = $1 AND EXISTS (SELECT 1 FROM marked)
         )
         SELECT count(*)::int AS marked FROM marked`,
        // The error may quote what the grader or the learner's code wrote.
        [id, storableText(message), storableText(cutText(internalError, 4000))]
      )
      return (rows[0] as { marked: number }).marked === 1
    },

    /** Submissions that have not moved for longer than the given ages. */
    async findStuck (queuedForMs: number, runningForMs: number, limit = 100): Promise<Array<Pick<Submission, 'id' | 'status' | 'attempts' | 'regradeOf' | 'validationId'>>> {
      const { rows } = await pool.query(
        `SELECT id, status, attempts, regrade_of AS "regradeOf", validation_id AS "validationId" FROM submissions
         WHERE (status = 'queued' AND updated_at < now() - make_interval(secs => $1 / 1000.0))
            OR (status = 'running' AND updated_at < now() - make_interval(secs => $2 / 1000.0))
         ORDER BY updated_at LIMIT $3`,
        [queuedForMs, runningForMs, limit]
      )
      return rows as Array<Pick<Submission, 'id' | 'status' | 'attempts' | 'regradeOf' | 'validationId'>>
    },

    /** Sends a running submission back to the queue (its attempt was lost with a worker). */
    async requeue (id: string): Promise<void> {
      await pool.query(
        "UPDATE submissions SET status = 'queued', updated_at = now() WHERE id = $1 AND status IN ('queued', 'running')",
        [id]
      )
    }
  }
}

export const PLATFORM_ERROR_MESSAGE =
  'Backlab could not grade this submission because of a problem on our side, not in your code. ' +
  'It was retried automatically; please submit again in a few minutes.'

/** Inconclusive: a time limit ran out on every attempt while the host was too busy to time code fairly. */
export const HOST_BUSY_MESSAGE =
  'Inconclusive: some of your code ran out of time, but each time Backlab\'s machine was too busy to time it ' +
  'fairly, so nothing is held against you. Please submit again in a few minutes.'

export type SubmissionsRepository = ReturnType<typeof createSubmissionsRepository>
