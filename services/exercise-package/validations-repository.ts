import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import type { Pool } from '../platform/db/pool.js'
import { insertVersion, replaceVersion, versionValues } from '../exercise/exercises-repository.js'
import { filesHash } from '../submission/submissions-repository.js'
import type { UploadedPackage } from './uploaded-package.js'
import {
  evaluateChecks, validationOutcome, type GradingOutcome, type PlanItem, type ValidationCheck, type ValidationStatus
} from './validation-checks.js'

export interface ValidationView {
  id: string
  slug: string
  version: number
  publish: boolean
  status: ValidationStatus
  uploadedBy: string
  checks: ValidationCheck[]
  createdAt: Date
  finishedAt: Date | null
}

/** Why a package cannot be validated now; nothing was stored. */
export type ValidationRefusal =
  | { kind: 'running', validationId: string }
  | { kind: 'not-newer', published: number }
  | { kind: 'published-differs', published: number }
  | { kind: 'already-published', published: number }
  | { kind: 'queue-full', pending: number }
  | { kind: 'not-yours' }
  | { kind: 'too-many-running', running: number }

const FINAL = new Set(['passed', 'failed', 'error'])

export interface CreateOptions {
  publish: boolean
  /** The uploader maintains the exercise (or is an admin): they may change it, published or not. */
  maintains: boolean
  /** Learners' QUEUE_CAP: a package's gradings may not push the queue past it. */
  queueCap?: number
  /** Validations one account may have running at once, on different exercises (config PACKAGE_VALIDATIONS_PER_USER). */
  runningPerUser?: number
}

/**
 * Package validations: an uploaded version is stored as a candidate (unpublished), each check is
 * a submission graded by the ordinary workers, and the last grading to finish settles the
 * validation: its checks are written and, if all passed and it was asked for, the version is
 * published, in one transaction.
 */
export function createValidationsRepository (pool: Pool) {
  async function inTransaction<T> (work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {})
      throw err
    } finally {
      client.release()
    }
  }

  async function outcomesOf (db: pg.PoolClient | Pool, id: string): Promise<Map<string, GradingOutcome>> {
    const { rows } = await db.query(
      'SELECT id, status, verdict, message, tests, internal_error AS "internalError" FROM submissions WHERE validation_id = $1', [id])
    return new Map(rows.map((r: GradingOutcome & { id: string }) => [r.id, r]))
  }

  const viewColumns = `v.id, v.exercise_slug AS slug, v.exercise_version AS version, v.publish, v.status, v.plan, v.checks,
    v.user_id AS "uploadedBy", v.created_at AS "createdAt", v.finished_at AS "finishedAt", coalesce(e.manifest -> 'hiddenTests', '[]') AS hidden`
  type Row = Omit<ValidationView, 'checks'> & { plan: PlanItem[], checks: ValidationCheck[] | null, hidden: string[] }

  return {
    /**
     * Stores the package as a candidate version with one submission per check, unless a rule
     * about versions says no: a published version never changes, and versions only go up.
     */
    async create (upload: UploadedPackage, userId: string, options: CreateOptions): Promise<{ view: ValidationView } | { refused: ValidationRefusal }> {
      const { pkg, material } = upload
      const { slug, version, runtimes } = pkg.manifest
      const { publish, maintains, queueCap = Infinity, runningPerUser = Infinity } = options
      return await inTransaction(async (db) => {
        await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 11))', [slug])
        // A slug belongs to its maintainers once published, and to its one uploader before: nobody
        // else may replace a candidate, read its gradings, or publish it as theirs.
        const others = (await db.query(
          `SELECT EXISTS (SELECT 1 FROM exercises WHERE slug = $1 AND (published_at IS NOT NULL OR uploaded_by IS DISTINCT FROM $2))
               OR EXISTS (SELECT 1 FROM package_validations WHERE exercise_slug = $1 AND user_id <> $2) AS taken`,
          [slug, userId])).rows[0] as { taken: boolean }
        if (others.taken && !maintains) return { refused: { kind: 'not-yours' } }
        const running = (await db.query("SELECT id FROM package_validations WHERE exercise_slug = $1 AND status = 'running'", [slug])).rows[0] as { id: string } | undefined
        if (running !== undefined) return { refused: { kind: 'running', validationId: running.id } }
        const mine = (await db.query("SELECT count(*)::int AS n FROM package_validations WHERE user_id = $1 AND status = 'running'", [userId])).rows[0] as { n: number }
        if (mine.n >= runningPerUser) return { refused: { kind: 'too-many-running', running: mine.n } }
        const latest = (await db.query(
          'SELECT version, content_hash AS hash FROM exercises WHERE slug = $1 AND published_at IS NOT NULL ORDER BY version DESC LIMIT 1',
          [slug])).rows[0] as { version: number, hash: string } | undefined
        if (latest !== undefined && version < latest.version) return { refused: { kind: 'not-newer', published: latest.version } }
        if (latest !== undefined && version === latest.version) {
          if (latest.hash !== pkg.contentHash) return { refused: { kind: 'published-differs', published: latest.version } }
          // Proving the published version again is allowed; publishing it again is not.
          if (publish) return { refused: { kind: 'already-published', published: latest.version } }
        }
        // Learners' QUEUE_CAP holds for a package's gradings too: Backlab takes no work it cannot do soon.
        const checks = runtimes.length * 2 + material.scenarios.length + material.alternatives.length
        const pending = (await db.query("SELECT count(*)::int AS n FROM submissions WHERE status IN ('queued', 'running')")).rows[0] as { n: number }
        if (pending.n + checks > queueCap) return { refused: { kind: 'queue-full', pending: pending.n } }
        if (latest === undefined || version > latest.version) {
          await db.query(
            `${insertVersion} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, $11)
             ON CONFLICT (slug, version) DO UPDATE SET ${replaceVersion} WHERE exercises.published_at IS NULL`,
            [...versionValues(pkg), userId])
        }

        const gradings: Array<{ item: PlanItem, files: Record<string, string> }> = []
        for (const runtime of runtimes) {
          gradings.push({ item: { kind: 'reference', runtime, submissionId: randomUUID() }, files: material.solutions[runtime] ?? {} })
          gradings.push({ item: { kind: 'starter', runtime, submissionId: randomUUID() }, files: pkg.starterFiles[runtime] ?? {} })
        }
        for (const s of material.scenarios) {
          gradings.push({ item: { kind: 'scenario', runtime: s.expected.runtime, scenario: s.name, expected: s.expected, submissionId: randomUUID() }, files: s.files })
        }
        for (const a of material.alternatives) {
          gradings.push({ item: { kind: 'alternative', runtime: a.runtime, alternative: a.name, submissionId: randomUUID() }, files: a.files })
        }
        const id = randomUUID()
        const plan = gradings.map((g) => g.item)
        await db.query(
          'INSERT INTO package_validations (id, exercise_slug, exercise_version, user_id, publish, plan) VALUES ($1, $2, $3, $4, $5, $6)',
          [id, slug, version, userId, publish, JSON.stringify(plan)])
        for (const { item, files } of gradings) {
          await db.query(
            `INSERT INTO submissions (id, exercise_slug, exercise_version, runtime, files, files_hash, validation_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [item.submissionId, slug, version, item.runtime, files, filesHash(files), id])
        }
        const row = (await db.query(`SELECT ${viewColumns} FROM package_validations v JOIN exercises e ON e.slug = v.exercise_slug AND e.version = v.exercise_version WHERE v.id = $1`, [id])).rows[0] as Row
        return { view: toView(row, new Map()) }
      })
    },

    async find (id: string): Promise<ValidationView | undefined> {
      const row = (await pool.query(`SELECT ${viewColumns} FROM package_validations v JOIN exercises e ON e.slug = v.exercise_slug AND e.version = v.exercise_version WHERE v.id = $1`, [id])).rows[0] as Row | undefined
      if (row === undefined) return undefined
      return toView(row, row.checks === null ? await outcomesOf(pool, id) : new Map())
    },

    /** One account's validations, newest first, without their checks. */
    async listByUser (userId: string, limit = 50): Promise<Array<Omit<ValidationView, 'checks' | 'uploadedBy'>>> {
      const { rows } = await pool.query(
        `SELECT id, exercise_slug AS slug, exercise_version AS version, publish, status, created_at AS "createdAt", finished_at AS "finishedAt"
         FROM package_validations WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, [userId, limit])
      return rows as Array<Omit<ValidationView, 'checks' | 'uploadedBy'>>
    },

    /** The submissions of a validation's checks, to watch them. */
    async submissionIds (id: string): Promise<string[]> {
      const { rows } = await pool.query('SELECT id FROM submissions WHERE validation_id = $1', [id])
      return rows.map((r: { id: string }) => r.id)
    },

    /** Who uploaded the package a grading belongs to (they read its submissions). */
    async uploaderOf (id: string): Promise<string | undefined> {
      const { rows } = await pool.query('SELECT user_id FROM package_validations WHERE id = $1', [id])
      return (rows[0] as { user_id: string } | undefined)?.user_id
    },

    /**
     * Ends a validation whose gradings have all finished: writes each check's outcome and, when
     * every check passed and it was asked for, publishes the version and makes the uploader a
     * maintainer of the exercise. Does nothing while a grading is unfinished, or if already ended.
     */
    async settle (id: string): Promise<ValidationStatus | undefined> {
      return await inTransaction(async (db) => {
        const row = (await db.query(
          `SELECT ${viewColumns} FROM package_validations v JOIN exercises e ON e.slug = v.exercise_slug AND e.version = v.exercise_version
           WHERE v.id = $1 AND v.status = 'running' FOR UPDATE OF v`, [id])).rows[0] as Row | undefined
        if (row === undefined) return undefined
        const outcomes = await outcomesOf(db, id)
        if ([...outcomes.values()].some((o) => !FINAL.has(o.status))) return undefined
        const checks = evaluateChecks(row.plan, outcomes, row.hidden)
        const status = validationOutcome(checks, row.publish)
        if (status === 'published') {
          await db.query('UPDATE exercises SET published_at = now() WHERE slug = $1 AND version = $2 AND published_at IS NULL', [row.slug, row.version])
          await db.query('INSERT INTO exercise_maintainers (exercise_slug, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [row.slug, row.uploadedBy])
        }
        await db.query('UPDATE package_validations SET status = $2, checks = $3, finished_at = now() WHERE id = $1',
          [id, status, JSON.stringify(checks)])
        return status
      })
    },

    /** Settles the validation a finished submission belongs to, if it belongs to one. */
    async settleFor (submissionId: string): Promise<ValidationStatus | undefined> {
      const { rows } = await pool.query('SELECT validation_id AS id FROM submissions WHERE id = $1', [submissionId])
      const id = (rows[0] as { id: string | null } | undefined)?.id
      return id === null || id === undefined ? undefined : await this.settle(id)
    },

    /** Validations still running: the reconciler settles any whose last grading ended unnoticed. */
    async runningIds (): Promise<string[]> {
      const { rows } = await pool.query("SELECT id FROM package_validations WHERE status = 'running' ORDER BY created_at LIMIT 100")
      return rows.map((r: { id: string }) => r.id)
    }
  }
}

function toView (row: Omit<ValidationView, 'checks'> & { plan: PlanItem[], checks: ValidationCheck[] | null, hidden: string[] }, outcomes: Map<string, GradingOutcome>): ValidationView {
  const { plan, checks, hidden, ...rest } = row
  return { ...rest, checks: checks ?? evaluateChecks(plan, outcomes, hidden) }
}

export type ValidationsRepository = ReturnType<typeof createValidationsRepository>
