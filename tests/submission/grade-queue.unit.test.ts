import t from 'tap'
import {
  gradePriority, gradingBackoff, HOST_BUSY_BACKOFF_MS, laneOf, learnerPriority, REGRADE_PRIORITY, VALIDATION_PRIORITY
} from '../../services/submission/grade-queue.js'

const learner = { regradeOf: null, validationId: null }
const validation = { regradeOf: null, validationId: 'v' }
const regrade = { regradeOf: 's', validationId: null }

t.test('a submission\'s own fields decide its lane', async (t) => {
  t.equal(laneOf(learner), 'learner')
  t.equal(laneOf(validation), 'validation')
  t.equal(laneOf(regrade), 'regrade')
})

t.test('priority: learners by their own backlog, then validations, then re-grades', async (t) => {
  t.equal(gradePriority(learner, 0), 1, 'a learner\'s first in flight is the soonest')
  t.equal(gradePriority(learner, 3), 4, 'behind three of their own')
  t.equal(gradePriority(learner, 1e9), learnerPriority(1e9), 'a huge backlog stays in the lane')
  t.ok((gradePriority(learner, 1e9) ?? Infinity) < (gradePriority(validation) ?? 0))
  t.equal(gradePriority(validation), VALIDATION_PRIORITY)
  t.equal(gradePriority(regrade), REGRADE_PRIORITY)
  t.ok(VALIDATION_PRIORITY < REGRADE_PRIORITY)
  t.equal(gradePriority(validation, 0), VALIDATION_PRIORITY, 'a backlog says nothing for the other lanes')
})

t.test('a learner\'s job re-added by the reconciler goes before every lane', async (t) => {
  t.equal(gradePriority(learner), undefined, 'no priority: BullMQ takes it before prioritised jobs')
  t.equal(gradePriority(regrade), REGRADE_PRIORITY, 'a lost re-grade keeps its lane')
})

t.test('a learner\'s priority stays in the learners\' lane however long their backlog', async (t) => {
  t.equal(learnerPriority(0), 1)
  t.equal(learnerPriority(2), 3)
  t.ok(learnerPriority(1e9) < VALIDATION_PRIORITY)
  t.ok(VALIDATION_PRIORITY < REGRADE_PRIORITY)
})

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
