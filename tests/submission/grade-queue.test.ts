import { randomBytes } from 'node:crypto'
import { Worker } from 'bullmq'
import t from 'tap'
import { loadConfig } from '../../services/platform/config.js'
import {
  createGradeQueue, type GradeJobData
} from '../../services/submission/grade-queue.js'

// Fairness and lanes against a real queue and worker: the order jobs are taken in, not timings.
t.test('accounts take turns within the learners\' lane; validations, then re-grades, come after', async (t) => {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' })
  const name = `test-fair-${randomBytes(6).toString('hex')}`
  const connection = { url: config.REDIS_URL }
  const grades = createGradeQueue(name, connection, 1, 0)
  t.teardown(async () => {
    await grades.queue.obliterate({ force: true })
    await grades.close()
  })
  // Added as the API adds them: each with how many of its author's are already in flight.
  const pending = new Map<string, number>()
  const learner = async (id: string, account: string): Promise<void> => {
    const ahead = pending.get(account) ?? 0
    pending.set(account, ahead + 1)
    await grades.enqueue({ id, regradeOf: null, validationId: null }, { ahead })
  }
  await grades.enqueue({ id: 'regrade-1', regradeOf: 'ada-0', validationId: null })
  await grades.enqueue({ id: 'validation-1', regradeOf: null, validationId: 'v-1' })
  for (const n of [1, 2, 3, 4]) await learner(`ada-${n}`, 'ada')
  await learner('bob-1', 'bob')
  await learner('cy-1', 'cy')
  await learner('bob-2', 'bob')

  const order = await takeAll(name, connection, 9)
  t.same(order, ['ada-1', 'bob-1', 'cy-1', 'ada-2', 'bob-2', 'ada-3', 'ada-4', 'validation-1', 'regrade-1'],
    'one account\'s backlog never sits ahead of another\'s first submission')
})

/** Runs a worker (one job at a time) until it has taken `count` jobs; their ids, in the order taken. */
async function takeAll (name: string, connection: { url: string }, count: number): Promise<string[]> {
  const order: string[] = []
  let done: () => void = () => {}
  const all = new Promise<void>((resolve) => { done = resolve })
  const worker = new Worker<GradeJobData>(name, async (job) => {
    order.push(job.data.submissionId)
    if (order.length === count) done()
  }, { connection, concurrency: 1 })
  try {
    await all
  } finally {
    await worker.close()
  }
  return order
}
