import type { Logger } from 'pino'
import type { GradeQueue } from '../../submission/grade-queue.js'
import type { SubmissionsRepository } from '../../submission/submissions-repository.js'

const LIVE_STATES = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children'])

export interface ReconcileOptions {
  stuckAfterMs: number
  deadlineMs: number
  maxAttempts: number
}

/**
 * Postgres is the source of truth; Redis can lose a job (it was down when the API enqueued, it was
 * flushed, a worker died holding it). Any submission that has not moved for too long and has no
 * live job is enqueued again under the same id, or given up on once its attempts are spent.
 */
export async function reconcileSubmissions (
  submissions: SubmissionsRepository, gradeQueue: GradeQueue, logger: Logger, options: ReconcileOptions
): Promise<{ requeued: number, gaveUp: number }> {
  const stuck = await submissions.findStuck(options.stuckAfterMs, options.deadlineMs + options.stuckAfterMs)
  let requeued = 0
  let gaveUp = 0
  for (const s of stuck) {
    const job = await gradeQueue.queue.getJob(s.id)
    const state = job === undefined ? undefined : await job.getState()
    if (state !== undefined && LIVE_STATES.has(state)) continue
    if (s.attempts >= options.maxAttempts) {
      if (await submissions.markPlatformError(s.id, `gave up after ${s.attempts} attempts (job state: ${state ?? 'missing'})`)) gaveUp++
      continue
    }
    await job?.remove().catch(() => {})
    await submissions.requeue(s.id)
    // In its lane; a learner's lost job, which has waited longest, before every lane.
    await gradeQueue.enqueue(s)
    requeued++
  }
  if (requeued + gaveUp > 0) logger.warn({ requeued, gaveUp }, 'reconciled stuck submissions')
  return { requeued, gaveUp }
}
