// Live progress: one row per test, O(1) per event, bounded per attempt, gone with the result.
import t from 'tap'
import pg from 'pg'
import { build } from '../helpers/build-app.js'
import { submit } from '../helpers/grading.js'
import { isolatedConfig } from '../helpers/test-config.js'
import { readFileTree } from '../../services/platform/file-tree.js'
import { MAX_PROGRESS_TESTS } from '../../services/submission/submissions-repository.js'

t.test('2000 reported tests: bounded rows and notifications, each write as cheap as the first', async (t) => {
  const config = await isolatedConfig(t)
  const app = await build(t, config)
  const listener = new pg.Client({ connectionString: config.DATABASE_URL })
  await listener.connect()
  t.teardown(async () => { await listener.end() })
  const notified: string[] = []
  listener.on('notification', (msg) => { if (msg.channel === 'submission_progress') notified.push(msg.payload ?? '') })
  await listener.query('LISTEN submission_progress')

  const id = await submit(app, 'todos-crud', await readFileTree('exercises/todos-crud/solution/node'))
  const claimed = await app.submissions.claim(id)
  t.ok(claimed)
  const attempt = claimed?.attempts ?? 0

  const times: number[] = []
  for (let n = 1; n <= 2000; n++) {
    const started = performance.now()
    await app.submissions.recordProgress(id, attempt, { n, name: `${n}. test\u0000 ${'\ud800'}`, status: 'pass' })
    times.push(performance.now() - started)
  }
  // Also the same test numbers again: recorded once.
  for (let n = 1; n <= 10; n++) await app.submissions.recordProgress(id, attempt, { n, name: 'again', status: 'fail' })

  const progress = await app.submissions.progress(id)
  t.equal(progress?.tests.length, MAX_PROGRESS_TESTS, `at most ${MAX_PROGRESS_TESTS} tests kept`)
  t.same(progress?.tests.slice(0, 2).map((x) => x.n), [1, 2], 'in test order')
  t.equal(progress?.tests[0]?.name, '1. test\u2400 \ufffd', 'a NUL or a lone surrogate in a name is stored as data')
  t.equal(progress?.tests[0]?.status, 'pass', 'a test number is recorded once')
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.equal(notified.length, MAX_PROGRESS_TESTS, 'one notification per recorded test, none for the rest')
  const { rows } = await app.pg.query<{ count: number }>('SELECT count(*)::int AS count FROM submission_progress WHERE submission_id = $1', [id])
  t.equal(rows[0]?.count, MAX_PROGRESS_TESTS, 'one row per recorded test')
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length
  const first = mean(times.slice(0, 100))
  const last = mean(times.slice(400, 500))
  t.ok(last < first * 5 + 5, `the 400th–500th writes cost what the first did (${last.toFixed(2)} ms vs ${first.toFixed(2)} ms)`)

  const retry = await app.submissions.claim(id)
  t.same((await app.submissions.progress(id))?.tests, [], 'a new attempt starts with no progress')
  await app.submissions.recordProgress(id, attempt, { n: 1, name: 'stale', status: 'pass' })
  t.same((await app.submissions.progress(id))?.tests, [], 'an earlier attempt records nothing')
  await app.submissions.recordProgress(id, retry?.attempts ?? 0, { n: 1, name: 'x', status: 'pass' })
  t.equal((await app.submissions.progress(id))?.tests.length, 1)
  const saved = await app.submissions.saveResult(id, retry?.attempts ?? 0, {
    status: 'failed',
    verdict: 'tests_failed',
    score: 0,
    maxScore: 1,
    message: 'm\u0000',
    tests: [{ name: 'x\u0000', status: 'fail', actual: '\ud800' }],
    logTail: 'log\u0000',
    logMarks: [{ test: 'x', at: 1 }],
    timings: {}
  })
  t.ok(saved, 'a result with NUL and lone surrogates is stored')
  const row = await app.submissions.findById(id)
  t.match(row, { message: 'm\u2400', logTail: 'log\u2400', logMarks: [{ test: 'x', at: 1 }] })
  t.same((await app.pg.query('SELECT 1 FROM submission_progress WHERE submission_id = $1', [id])).rows, [], 'the progress rows go with the result')
})

t.test('a platform error stores whatever the error quotes', async (t) => {
  const config = await isolatedConfig(t)
  const app = await build(t, config)
  const id = await submit(app, 'todos-crud', await readFileTree('exercises/todos-crud/solution/node'))
  t.ok(await app.submissions.markPlatformError(id, `the grader bailed out: \u0000${'🎉'.repeat(3000)}`))
})
