// Re-grades count against whoever asked: an instructor's burst of re-grades is refused with a 429
// once their own limit is reached, never uses up the learner's limits, and fills at most half of
// QUEUE_CAP, so learners can still submit. No worker: everything stays queued, as under load.
import pg from 'pg'
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { readFileTree } from '../../../services/platform/file-tree.js'
import { build, signUp, type TestAccount } from '../../helpers/build-app.js'
import { isolatedConfig } from '../../helpers/test-config.js'

const bearer = (a: { token: string }) => ({ authorization: `Bearer ${a.token}` })

async function withTeacher (app: FastifyInstance): Promise<TestAccount> {
  const teacher = await signUp(app, 'teacher')
  await app.pg.query("UPDATE users SET role = 'instructor' WHERE id = $1", [teacher.id])
  await app.users.addMaintainer('hello-json', teacher.id)
  return teacher
}

/** A learner's submission of different files each time (the same files would be answered as a duplicate). */
async function submitOnce (app: FastifyInstance, learner: TestAccount, n: number) {
  const files = await readFileTree('exercises/hello-json/starter/node')
  return await app.inject({
    method: 'POST',
    url: '/api/v1/submissions',
    headers: bearer(learner),
    payload: { exercise: 'hello-json', files: { ...files, 'server.js': `${files['server.js'] ?? ''}\n// try ${n}\n` } }
  })
}

t.test('an instructor\'s burst of re-grades gets 429 and leaves the learner able to submit', async (t) => {
  const config = await isolatedConfig(t, { REGRADES_QUEUED_PER_USER: '2', SUBMISSIONS_QUEUED_PER_USER: '3', SUBMISSIONS_PER_MINUTE: '3' })
  const app = await build(t, config)
  const learner = app.account
  const teacher = await withTeacher(app)
  const first = await submitOnce(app, learner, 1)
  t.equal(first.statusCode, 202, first.body)
  const id = first.json().id as string

  const burst = await Promise.all(Array.from({ length: 5 }, async () =>
    await app.inject({ method: 'POST', url: `/api/v1/submissions/${id}/regrade`, headers: bearer(teacher) })))
  t.same(burst.map((r) => r.statusCode).sort(), [202, 202, 429, 429, 429], 'two fit the teacher\'s limit; the rest are refused')
  const refused = burst.find((r) => r.statusCode === 429)
  t.match(refused?.json().error, { code: 'TOO_MANY_REGRADES', message: /You have 2 re-grades waiting or being graded, the most allowed at once/ })
  t.ok(Number(refused?.headers['retry-after']) > 0, 'with Retry-After')
  const whole = await app.inject({ method: 'POST', url: '/api/v1/exercises/hello-json/regrade', headers: bearer(teacher) })
  t.equal(whole.statusCode, 429, 'a whole-exercise re-grade too')

  for (const n of [2, 3]) {
    const mine = await submitOnce(app, learner, n)
    t.equal(mine.statusCode, 202, `the learner's submission ${n} of 3 is not held back by the teacher's re-grades: ${mine.body}`)
  }
  const fourth = await submitOnce(app, learner, 4)
  t.match(fourth.json().error, { code: 'RATE_LIMITED' }, 'the learner\'s own limits still hold')

  const db = new pg.Client({ connectionString: config.DATABASE_URL })
  await db.connect()
  t.teardown(async () => { await db.end() })
  const regrades = await db.query('SELECT user_id, requested_by FROM submissions WHERE regrade_of = $1', [id])
  t.same(regrades.rows, [{ user_id: learner.id, requested_by: teacher.id }, { user_id: learner.id, requested_by: teacher.id }],
    'the learner\'s submissions, asked for by the teacher')
})

t.test('re-grades fill at most half of QUEUE_CAP; learners keep the rest', async (t) => {
  const config = await isolatedConfig(t, { QUEUE_CAP: '6' })
  const app = await build(t, config)
  const teacher = await withTeacher(app)
  const id = (await submitOnce(app, app.account, 1)).json().id as string
  const regrade = async () => await app.inject({ method: 'POST', url: `/api/v1/submissions/${id}/regrade`, headers: bearer(teacher) })
  t.equal((await regrade()).statusCode, 202)
  t.equal((await regrade()).statusCode, 202, '3 waiting: half the queue')
  const full = await regrade()
  t.equal(full.statusCode, 503)
  t.match(full.json().error, { code: 'QUEUE_FULL' })
  t.ok(Number(full.headers['retry-after']) > 0)
  for (const n of [2, 3, 4]) t.equal((await submitOnce(app, app.account, n)).statusCode, 202, `learner submission ${n}`)
  t.equal((await submitOnce(app, app.account, 5)).statusCode, 503, 'the queue cap holds for everyone')
})

t.test('a whole exercise larger than the limit is queued in parts: what did not fit is `remaining`', async (t) => {
  const config = await isolatedConfig(t, { REGRADES_QUEUED_PER_USER: '2' })
  const app = await build(t, config)
  const teacher = await withTeacher(app)
  const ids: string[] = []
  for (const n of [1, 2, 3]) ids.push((await submitOnce(app, app.account, n)).json().id as string)
  // Graded, then a new version is published (a copy of the row, as an upload would add).
  await app.pg.query("UPDATE submissions SET status = 'passed', finished_at = now() WHERE id = ANY($1)", [ids])
  const { rows: cols } = await app.pg.query(
    "SELECT column_name FROM information_schema.columns WHERE table_name = 'exercises' AND column_name <> 'version'")
  const names = cols.map((c: { column_name: string }) => `"${c.column_name}"`).join(', ')
  await app.pg.query(
    `INSERT INTO exercises (version, ${names}) SELECT version + 1, ${names} FROM exercises WHERE slug = 'hello-json' ORDER BY version DESC LIMIT 1`)

  const regradeAll = async () => await app.inject({ method: 'POST', url: '/api/v1/exercises/hello-json/regrade', headers: bearer(teacher) })
  const part = await regradeAll()
  t.equal(part.statusCode, 202, part.body)
  t.equal(part.json().submissions.length, 2)
  t.equal(part.json().remaining, 1)
  t.equal((await regradeAll()).statusCode, 429, 'the teacher waits for those')
  await app.pg.query("UPDATE submissions SET status = 'passed', finished_at = now() WHERE regrade_of IS NOT NULL")
  const rest = await regradeAll()
  t.equal(rest.statusCode, 202)
  t.same(rest.json().submissions.map((s: { regradeOf: string }) => s.regradeOf).concat(part.json().submissions.map((s: { regradeOf: string }) => s.regradeOf)).sort(),
    [...ids].sort(), 'every submission re-graded once')
  t.equal(rest.json().remaining, 0)
})
