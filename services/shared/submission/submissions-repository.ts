import type { Pool } from '../db/pool.js'
import type { FileMap } from '../exercise/file-tree.js'
import type { RuntimeName } from '../exercise/runtimes.js'
import type { GradingResult, TestResult, Timings } from './result-schema.js'

export type SubmissionStatus = 'queued' | 'running' | 'passed' | 'failed' | 'error'

export interface Submission {
  id: string
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
  attempts: number
  timings: Timings
  createdAt: Date
  startedAt: Date | null
  finishedAt: Date | null
  updatedAt: Date
}

const columns = `id, exercise_slug AS "exerciseSlug", exercise_version AS "exerciseVersion", runtime, files, status, verdict,
  score, max_score AS "maxScore", message, tests, log_tail AS "logTail", attempts, timings,
  created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt", updated_at AS "updatedAt"`

export function createSubmissionsRepository (pool: Pool) {
  return {
    async create (input: { id: string, exerciseSlug: string, exerciseVersion: number, runtime: RuntimeName, files: FileMap }): Promise<Submission> {
      const { rows } = await pool.query(
        `INSERT INTO submissions (id, exercise_slug, exercise_version, runtime, files) VALUES ($1, $2, $3, $4, $5) RETURNING ${columns}`,
        [input.id, input.exerciseSlug, input.exerciseVersion, input.runtime, input.files]
      )
      return rows[0] as Submission
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
        `UPDATE submissions SET status = 'running', attempts = attempts + 1,
           started_at = coalesce(started_at, now()), updated_at = now()
         WHERE id = $1 AND status IN ('queued', 'running') RETURNING ${columns}`,
        [id]
      )
      return rows[0] as Submission | undefined
    },

    /**
     * Stores a result only if `attempt` is still the newest attempt: a stalled attempt that wakes
     * up late cannot overwrite the result of the attempt that replaced it.
     */
    async saveResult (id: string, attempt: number, result: GradingResult): Promise<boolean> {
      const { rowCount } = await pool.query(
        `UPDATE submissions SET status = $3, verdict = $4, score = $5, max_score = $6, message = $7, tests = $8,
           log_tail = $9, timings = $10, finished_at = now(), updated_at = now(), internal_error = NULL
         WHERE id = $1 AND attempts = $2 AND status = 'running'`,
        [id, attempt, result.status, result.verdict, result.score, result.maxScore, result.message,
          JSON.stringify(result.tests), result.logTail, result.timings]
      )
      return rowCount === 1
    },

    /** Adds a timing measured after the result was stored (teardown). */
    async recordTiming (id: string, name: keyof Timings, ms: number): Promise<void> {
      await pool.query('UPDATE submissions SET timings = timings || jsonb_build_object($2::text, $3::int) WHERE id = $1', [id, name, ms])
    },

    /** Gives up on a submission Backlab could not grade; the learner is told it was not their code. */
    async markPlatformError (id: string, internalError: string): Promise<boolean> {
      const { rowCount } = await pool.query(
        `UPDATE submissions SET status = 'error', verdict = 'platform_error', message = $2, internal_error = $3,
           finished_at = now(), updated_at = now()
         WHERE id = $1 AND status IN ('queued', 'running')`,
        [id, PLATFORM_ERROR_MESSAGE, internalError.slice(0, 4000)]
      )
      return rowCount === 1
    },

    /** Submissions that have not moved for longer than the given ages. */
    async findStuck (queuedForMs: number, runningForMs: number, limit = 100): Promise<Array<Pick<Submission, 'id' | 'status' | 'attempts'>>> {
      const { rows } = await pool.query(
        `SELECT id, status, attempts FROM submissions
         WHERE (status = 'queued' AND updated_at < now() - make_interval(secs => $1 / 1000.0))
            OR (status = 'running' AND updated_at < now() - make_interval(secs => $2 / 1000.0))
         ORDER BY updated_at LIMIT $3`,
        [queuedForMs, runningForMs, limit]
      )
      return rows as Array<Pick<Submission, 'id' | 'status' | 'attempts'>>
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

export type SubmissionsRepository = ReturnType<typeof createSubmissionsRepository>
