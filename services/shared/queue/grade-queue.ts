import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq'

/** The job carries only the id: Postgres holds the submission, Redis only the work to do. */
export interface GradeJobData {
  submissionId: string
}

export function gradeJobOptions (attempts: number, backoffMs: number): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: backoffMs },
    // Results live in Postgres; finished jobs only need to linger long enough to dedupe a double enqueue.
    removeOnComplete: { age: 3600, count: 1000 },
    removeOnFail: { age: 24 * 3600 }
  }
}

export function createGradeQueue (name: string, connection: ConnectionOptions, attempts: number, backoffMs: number) {
  const queue = new Queue<GradeJobData>(name, { connection, defaultJobOptions: gradeJobOptions(attempts, backoffMs) })
  return {
    queue,
    /** Job id = submission id, so enqueueing twice (API retry, reconciler) adds one job. */
    async enqueue (submissionId: string): Promise<void> {
      await queue.add('grade', { submissionId }, { jobId: submissionId })
    },
    async close (): Promise<void> {
      await queue.close()
    }
  }
}

export type GradeQueue = ReturnType<typeof createGradeQueue>
