import type { Pool } from '../platform/db/pool.js'
import type { ExerciseStats } from './exercise-stats-view.js'

export type { ExerciseStats }

export const DAILY_DAYS = 30

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
  const daily = (await pool.query(
    `SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
            count(s.id)::int AS submissions,
            count(s.id) FILTER (WHERE s.status = 'passed')::int AS passed,
            count(s.id) FILTER (WHERE s.status = 'failed')::int AS failed
     FROM generate_series((now() AT TIME ZONE 'UTC')::date - ($3::int - 1), (now() AT TIME ZONE 'UTC')::date, interval '1 day') AS g(ts),
          LATERAL (SELECT g.ts::date AS day) d
     -- Learners' own submissions only: a re-grade is Backlab's, dated when an instructor asked for it.
     LEFT JOIN submissions s ON (s.created_at AT TIME ZONE 'UTC')::date = d.day AND s.regrade_of IS NULL
       AND s.created_at >= ((now() AT TIME ZONE 'UTC')::date - ($3::int - 1))::timestamp AT TIME ZONE 'UTC'
       AND ${filter.replaceAll('exercise_', 's.exercise_').replace('validation_id', 's.validation_id')}
     GROUP BY d.day ORDER BY d.day`, [slug, version ?? null, DAILY_DAYS])).rows as ExerciseStats['daily']
  return {
    ...counts,
    passRate: graded === 0 ? null : round(counts.passed / graded),
    failingTests: failing.map((f) => ({ ...f, failRate: round(f.failures / graded) })),
    daily
  }
}

/** Learners' submissions per exercise, for a list of exercises: counts only. */
export async function exerciseCounts (pool: Pool, slugs: string[]): Promise<Map<string, { submissions: number, learners: number, passed: number, failed: number }>> {
  const { rows } = await pool.query(
    `SELECT exercise_slug AS slug, count(*)::int AS submissions, count(DISTINCT user_id)::int AS learners,
            count(*) FILTER (WHERE status = 'passed')::int AS passed, count(*) FILTER (WHERE status = 'failed')::int AS failed
     FROM submissions WHERE exercise_slug = ANY($1) AND validation_id IS NULL GROUP BY exercise_slug`, [slugs])
  return new Map(rows.map((r: { slug: string, submissions: number, learners: number, passed: number, failed: number }) => [r.slug, r]))
}

const round = (x: number): number => Math.round(x * 1000) / 1000
