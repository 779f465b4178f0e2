import t from 'tap'
import { gradingBackoff, HOST_BUSY_BACKOFF_MS } from '../../../services/shared/queue/grade-queue.js'

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
