import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq'

/** The job carries only the id: Postgres holds the submission, Redis only the work to do. */
export interface GradeJobData {
  submissionId: string
}

/**
 * The queue has three lanes, taken in order: learners' submissions, then validations of
 * instructors' packages, then re-grades, so a re-grade of a whole exercise never delays a
 * learner's feedback. A lane is a band of BullMQ priorities (lower is sooner; equal priorities
 * go oldest first). Within the learners' lane, accounts take turns: a submission's priority is
 * how many of its author's own submissions are already waiting or being graded, so one account's
 * backlog never sits ahead of another account's first submission (learnerPriority). A job with
 * no priority at all (the reconciler re-adding a learner's lost job) goes before every lane: it
 * has waited longest.
 */
export const LANE_WIDTH = 1000
/** Proving an instructor's package: after learners, before re-grades. */
export const VALIDATION_PRIORITY = LANE_WIDTH + 1
export const REGRADE_PRIORITY = 2 * LANE_WIDTH + 1

/**
 * A learner's submission, with `ahead` of their own submissions already waiting or being graded:
 * the first in flight gets 1 (the soonest), the second 2, and so on, never leaving the lane.
 * The order is fixed when the job is added; BullMQ cannot reorder jobs it holds.
 */
export function learnerPriority (ahead: number): number {
  return 1 + Math.min(Math.max(0, Math.floor(ahead)), LANE_WIDTH - 1)
}

/** What decides a grading's lane: the submission's own fields. */
export interface Queueable {
  id: string
  regradeOf: string | null
  validationId: string | null
}

export type Lane = 'learner' | 'validation' | 'regrade'

export function laneOf (s: Omit<Queueable, 'id'>): Lane {
  return s.regradeOf !== null ? 'regrade' : s.validationId !== null ? 'validation' : 'learner'
}

/**
 * The one place a job's priority is decided. `ahead` is for a learner's new submission (how many
 * of theirs are in flight); without it a learner's job is one the reconciler re-adds after Redis
 * lost it, which has waited longest and gets no priority at all: before every lane.
 */
export function gradePriority (s: Omit<Queueable, 'id'>, ahead?: number): number | undefined {
  switch (laneOf(s)) {
    case 'regrade': return REGRADE_PRIORITY
    case 'validation': return VALIDATION_PRIORITY
    case 'learner': return ahead === undefined ? undefined : learnerPriority(ahead)
  }
}

/** The lanes' order as SQL over a submissions row `alias` (a queue position): as laneOf decides. */
export function laneOrderSql (alias: string): string {
  return `(CASE WHEN ${alias}.regrade_of IS NOT NULL THEN 2 WHEN ${alias}.validation_id IS NOT NULL THEN 1 ELSE 0 END)`
}

/** The job's backoff type; the worker computes it with `gradingBackoff`. */
export const GRADING_BACKOFF = 'grading'
/** A host too busy to time code fairly needs a quieter slot, not a second's pause. */
export const HOST_BUSY_BACKOFF_MS = 8000

/**
 * How long a failed grading waits before its next attempt: doubling from `delayMs` for a platform
 * fault, and at least HOST_BUSY_BACKOFF_MS, growing, when the host was too busy (HostBusy), with
 * some jitter so retried gradings do not all come back at once.
 */
export function gradingBackoff (attemptsMade: number, delayMs: number, err?: Error): number {
  const n = Math.max(1, attemptsMade)
  if (err?.name === 'HostBusy') return Math.round(Math.max(HOST_BUSY_BACKOFF_MS, delayMs) * n * (1 + Math.random() * 0.5))
  return delayMs * 2 ** (n - 1)
}

export function gradeJobOptions (attempts: number, backoffMs: number): JobsOptions {
  return {
    attempts,
    backoff: { type: GRADING_BACKOFF, delay: backoffMs },
    // Results live in Postgres; finished jobs only need to linger long enough to dedupe a double enqueue.
    removeOnComplete: { age: 3600, count: 1000 },
    removeOnFail: { age: 24 * 3600 }
  }
}

export function createGradeQueue (name: string, connection: ConnectionOptions, attempts: number, backoffMs: number) {
  const queue = new Queue<GradeJobData>(name, { connection, defaultJobOptions: gradeJobOptions(attempts, backoffMs) })
  return {
    queue,
    /**
     * Job id = submission id, so enqueueing twice (API retry, reconciler) adds one job.
     * BullMQ waits for Redis indefinitely; a caller gets an error after `timeoutMs` instead.
     */
    async enqueue (submission: Queueable, options: { ahead?: number, timeoutMs?: number } = {}): Promise<void> {
      const priority = gradePriority(submission, options.ahead)
      const jobOptions = { jobId: submission.id, ...(priority !== undefined && { priority }) }
      await withTimeout(queue.add('grade', { submissionId: submission.id }, jobOptions), options.timeoutMs ?? 2000, 'the queue did not answer')
    },
    async close (timeoutMs = 2000): Promise<void> {
      await withTimeout(queue.close(), timeoutMs, 'the queue did not close').catch(() => {})
    }
  }
}

export type GradeQueue = ReturnType<typeof createGradeQueue>

async function withTimeout<T> (work: Promise<T>, ms: number, message: string): Promise<T> {
  // Once the caller has given up, a late rejection must not become an unhandled one.
  work.catch(() => {})
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => { reject(new Error(`${message} within ${ms} ms`)) }, ms)
  })
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
}
