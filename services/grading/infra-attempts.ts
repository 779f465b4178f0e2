import type { Pool } from '../platform/db/pool.js'

/**
 * The submission's side of an attempt an outage interrupted. `claim` counts every attempt (the
 * reconciler gives up once JOB_ATTEMPTS are spent); one that met Docker, PostgreSQL or Redis down
 * was never the learner's, so the retry takes its number back before claiming it again.
 */
export function createInfraAttempts (pool: Pool) {
  return {
    /**
     * Un-counts `attempt` if it is still the newest one and the submission is unfinished: the
     * claim that follows gives the retry the same number (its containers' names are freed first).
     */
    async uncount (id: string, attempt: number): Promise<boolean> {
      const { rowCount } = await pool.query(
        `UPDATE submissions SET attempts = attempts - 1, updated_at = now()
         WHERE id = $1 AND attempts = $2 AND attempts > 0 AND status IN ('queued', 'running')`,
        [id, attempt])
      return rowCount === 1
    }
  }
}

export type InfraAttempts = ReturnType<typeof createInfraAttempts>
