import type { Pool } from '../platform/db/pool.js'

export interface RegradeRequest {
  /** The instructor or admin asking: the re-grades count against them, never against the learners. */
  requestedBy: string
  slug: string
  /** The exercise version to grade against (its latest). */
  version: number
  /** The submissions to re-grade; undefined: every graded one of an older version not yet re-graded against `version`. */
  ids?: string[] | undefined
}

export interface RegradeLimits {
  /** Re-grades one requester may have waiting or being graded at once. */
  queuedPerUser: number
  /** QUEUE_CAP: re-grades fill at most half of it, so learners always find room. */
  queueCap: number
}

export type RegradeAdmission =
  | { kind: 'created', submissions: Array<{ id: string, regradeOf: string }>, remaining: number }
  | { kind: 'too-many-queued', count: number, retryAfterSeconds: number }
  | { kind: 'queue-full', count: number, retryAfterSeconds: number }

/** Re-grades run behind every learner's submission: room comes back slowly. */
const REGRADE_RETRY_AFTER_SECONDS = 30

/**
 * Stores re-grades as new submissions of the learners (the same author, runtime and files, pointing
 * at the one re-graded), as many as the requester's limits and the queue allow: the rest are
 * `remaining`, and a later call for the whole exercise queues them (it only queues what has no
 * re-grade yet). One requester's re-grades are admitted one call at a time (an advisory lock), so
 * two calls at once cannot both slip under the limit.
 */
export async function admitRegrades (pool: Pool, request: RegradeRequest, limits: RegradeLimits): Promise<RegradeAdmission> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 8))', [request.requestedBy])
    const counts = (await client.query(
      `SELECT count(*) FILTER (WHERE requested_by = $1)::int AS mine, count(*)::int AS "all"
       FROM submissions WHERE status IN ('queued', 'running')`, [request.requestedBy])).rows[0] as { mine: number, all: number }
    const mineRoom = limits.queuedPerUser - counts.mine
    if (mineRoom <= 0) {
      await client.query('ROLLBACK')
      return { kind: 'too-many-queued', count: counts.mine, retryAfterSeconds: REGRADE_RETRY_AFTER_SECONDS }
    }
    const queueRoom = Math.floor(limits.queueCap / 2) - counts.all
    if (queueRoom <= 0) {
      await client.query('ROLLBACK')
      return { kind: 'queue-full', count: counts.all, retryAfterSeconds: REGRADE_RETRY_AFTER_SECONDS }
    }
    const { rows } = await client.query(
      `WITH candidates AS (
         SELECT s.* FROM submissions s
         WHERE s.exercise_slug = $1 AND s.validation_id IS NULL AND ($3::uuid[] IS NULL OR s.id = ANY($3))
           AND ($3::uuid[] IS NOT NULL OR (s.exercise_version < $2 AND s.status IN ('passed', 'failed') AND s.regrade_of IS NULL))
           AND ($3::uuid[] IS NOT NULL OR NOT EXISTS (
             SELECT 1 FROM submissions r WHERE r.regrade_of = s.id AND r.exercise_version = $2 AND r.status <> 'error'))
       ), inserted AS (
         INSERT INTO submissions (id, user_id, exercise_slug, exercise_version, runtime, files, files_hash, regrade_of, requested_by)
         SELECT gen_random_uuid(), c.user_id, c.exercise_slug, $2, c.runtime, c.files, c.files_hash, c.id, $4
         FROM (SELECT * FROM candidates ORDER BY created_at, id LIMIT $5) c
         RETURNING id, regrade_of AS "regradeOf", created_at
       )
       SELECT (SELECT count(*)::int FROM candidates) AS total,
              coalesce((SELECT json_agg(json_build_object('id', id, 'regradeOf', "regradeOf") ORDER BY created_at, "regradeOf") FROM inserted), '[]') AS created`,
      [request.slug, request.version, request.ids ?? null, request.requestedBy, Math.min(mineRoom, queueRoom)])
    await client.query('COMMIT')
    const row = rows[0] as { total: number, created: Array<{ id: string, regradeOf: string }> }
    return { kind: 'created', submissions: row.created, remaining: row.total - row.created.length }
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    client.release()
  }
}
