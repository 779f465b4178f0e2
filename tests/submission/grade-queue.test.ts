import { randomBytes } from 'node:crypto'
import { Worker } from 'bullmq'
import t from 'tap'
import { loadConfig } from '../../services/platform/config.js'
import {
  createGradeQueue, gradingBackoff, HOST_BUSY_BACKOFF_MS, learnerPriority, REGRADE_PRIORITY, VALIDATION_PRIORITY, type GradeJobData
} from '../../services/submission/grade-queue.js'

t.test('a platform fault is retried soon, doubling', async (t) => {
  t.same([1, 2, 3].map((n) => gradingBackoff(n, 1000, new Error('docker'))), [1000, 2000, 4000])
})

t.test('a busy host is given time to get quiet, growing, with jitter', async (t) => {
  const busy = Object.assign(new Error('busy'), { name: 'HostBusy' })
  for (const n of [1, 2]) {
    const ms = gradingBackoff(n, 1000, busy)
    t.ok(ms >= HOST_BUSY_BACKOFF_MS * n && ms <= HOST_BUSY_BACKOFF_MS * n * 1.5, `attempt ${n}: ${ms} ms`)
  }
})

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

t.test('a learner\'s priority stays in the learners\' lane however long their backlog', async (t) => {
  t.equal(learnerPriority(0), 1)
  t.equal(learnerPriority(2), 3)
  t.ok(learnerPriority(1e9) < VALIDATION_PRIORITY)
  t.ok(VALIDATION_PRIORITY < REGRADE_PRIORITY)
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
