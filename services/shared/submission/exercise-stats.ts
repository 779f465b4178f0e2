import type { Pool } from '../db/pool.js'

export interface ExerciseStats {
  submissions: number
  learners: number
  learnersPassed: number
  passed: number
  failed: number
  /** Backlab could not grade them: not counted in the pass rate. */
  notGraded: number
  pending: number
  /** passed / (passed + failed): of the gradings of learners' code. */
  passRate: number | null
  /** The tests that fail most, with the share of graded submissions they failed in. */
  failingTests: Array<{ name: string, failures: number, failRate: number }>
}

/** How learners do on one exercise (all versions, or one), for its instructors. */
export async function exerciseStats (pool: Pool, slug: string, version?: number): Promise<ExerciseStats> {
  // A package's validation gradings are the instructor's, not learners'.
  const filter = 'exercise_slug = $1 AND ($2::int IS NULL OR exercise_version = $2) AND validation_id IS NULL'
  const counts = (await pool.query(
    `SELECT count(*)::int AS submissions,
            count(DISTINCT user_id)::int AS learners,
            count(DISTINCT user_id) FILTER (WHERE status = 'passed')::int AS "learnersPassed",
            count(*) FILTER (WHERE status = 'passed')::int AS passed,
            count(*) FILTER (WHERE status = 'failed')::int AS failed,
            count(*) FILTER (WHERE status = 'error')::int AS "notGraded",
            count(*) FILTER (WHERE status IN ('queued', 'running'))::int AS pending
     FROM submissions WHERE ${filter}`, [slug, version ?? null])).rows[0] as Omit<ExerciseStats, 'passRate' | 'failingTests'>
  const graded = counts.passed + counts.failed
  const failing = (await pool.query(
    `SELECT t->>'name' AS name, count(*)::int AS failures
     FROM submissions s, jsonb_array_elements(s.tests) t
     WHERE ${filter} AND s.status IN ('passed', 'failed') AND t->>'status' IN ('fail', 'error')
     GROUP BY 1 ORDER BY failures DESC, name LIMIT 10`, [slug, version ?? null])).rows as Array<{ name: string, failures: number }>
  return {
    ...counts,
    passRate: graded === 0 ? null : round(counts.passed / graded),
    failingTests: failing.map((f) => ({ ...f, failRate: round(f.failures / graded) }))
  }
}

const round = (x: number): number => Math.round(x * 1000) / 1000
