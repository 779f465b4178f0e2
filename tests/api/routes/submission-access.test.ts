// Who reads which submission, the per-account and global limits, and resubmitting the same
// files: through the real API and database. No worker runs, so submissions stay queued.
import { randomBytes, randomUUID } from 'node:crypto'
import { execFile } from 'node:child_process'
import pg from 'pg'
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build, signUp, type TestAccount } from '../../helpers/build-app.js'
import { isolatedConfig } from '../../helpers/test-config.js'

const server = (marker: string): Record<string, string> => ({ 'server.js': `// ${marker}\nrequire('node:http').createServer((q, s) => s.end()).listen(process.env.PORT)\n` })
const bearer = (a: { token: string }) => ({ authorization: `Bearer ${a.token}` })

async function submit (app: FastifyInstance, who: { token: string }, exercise: string, files: Record<string, string>) {
  return await app.inject({ method: 'POST', url: '/api/v1/submissions', headers: bearer(who), payload: { exercise, files } })
}

async function makeAdmin (config: { DATABASE_URL: string }, app: FastifyInstance): Promise<{ token: string }> {
  const email = `admin-${randomBytes(3).toString('hex')}@example.test`
  const child = execFile('node_modules/.bin/tsx', ['scripts/admin.ts', 'create-admin', '--email', email],
    { env: { ...process.env, DATABASE_URL: config.DATABASE_URL, PASSWORD_HASH_COST: '10' } })
  child.stdin?.end('admin password here\n')
  await new Promise((resolve) => child.once('exit', resolve))
  return (await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { email, password: 'admin password here' } })).json()
}

t.test('a submission is read by its author, the maintainers of its exercise, and admins; by nobody else', async (t) => {
  const config = await isolatedConfig(t)
  const app = await build(t, config, { auth: false })
  const db = new pg.Client({ connectionString: config.DATABASE_URL })
  await db.connect()
  t.teardown(async () => { await db.end() })

  const ada = await signUp(app, 'ada')
  const bob = await signUp(app, 'bob')
  const admin = await makeAdmin(config, app)
  const setRole = async (a: TestAccount, role: string) =>
    await app.inject({ method: 'PUT', url: `/api/v1/users/${a.id}/role`, headers: bearer(admin), payload: { role } })
  const maintainer = await signUp(app, 'maintainer')
  const otherInstructor = await signUp(app, 'other-instructor')
  await setRole(maintainer, 'instructor')
  await setRole(otherInstructor, 'instructor')
  const grant = await app.inject({ method: 'PUT', url: `/api/v1/exercises/todos-crud/maintainers/${maintainer.id}`, headers: bearer(admin) })
  t.equal(grant.statusCode, 204, grant.body)
  const learnerGrant = await app.inject({ method: 'PUT', url: `/api/v1/exercises/todos-crud/maintainers/${ada.id}`, headers: bearer(admin) })
  t.match(learnerGrant.json().error, { code: 'FORBIDDEN', message: /is a learner; make them an instructor first/ })

  const adas = (await submit(app, ada, 'todos-crud', server('ada'))).json().id as string
  const adasHello = (await submit(app, ada, 'hello-json', server('ada hello'))).json().id as string
  const bobs = (await submit(app, bob, 'todos-crud', server('bob'))).json().id as string
  // Made before accounts existed: no author.
  await db.query('UPDATE submissions SET user_id = NULL WHERE id = $1', [bobs])
  const read = async (who: { token: string } | undefined, id: string) =>
    await app.inject({ url: `/api/v1/submissions/${id}`, headers: who === undefined ? {} : bearer(who) })

  t.test('the author reads theirs; another learner gets the same 404 as for an id that never existed', async (t) => {
    t.equal((await read(ada, adas)).statusCode, 200)
    t.match((await read(ada, adas)).json(), { id: adas, author: { id: ada.id } })
    const theirs = await read(bob, adas)
    const never = await read(bob, '00000000-0000-4000-8000-000000000000')
    t.equal(theirs.statusCode, 404)
    t.same(theirs.json().error.code, never.json().error.code)
    t.equal(theirs.json().error.message, `Submission '${adas}' does not exist.`, 'nothing says it exists')
    t.equal((await read(undefined, adas)).statusCode, 401, 'no token, no submissions')
  })

  t.test('guessing ids finds nothing', async (t) => {
    const guesses = [...Array.from({ length: 40 }, () => randomUUID()), adas, adasHello]
    const statuses = await Promise.all(guesses.map(async (id) => (await read(bob, id)).statusCode))
    t.same([...new Set(statuses)], [404])
    const listed = await app.inject({ url: '/api/v1/submissions?limit=100', headers: bearer(bob) })
    t.same(listed.json(), [], 'bob lists none of them (his only one has no author now)')
  })

  t.test('instructors read the submissions to the exercises they maintain, and only those', async (t) => {
    t.equal((await read(maintainer, adas)).statusCode, 200)
    t.equal((await read(maintainer, adasHello)).statusCode, 404, 'not an exercise they maintain')
    t.equal((await read(otherInstructor, adas)).statusCode, 404, 'an instructor of nothing here')
    const list = await app.inject({ url: '/api/v1/submissions?exercise=todos-crud', headers: bearer(maintainer) })
    t.same(list.json().map((s: { id: string }) => s.id), [bobs, adas], 'all of the exercise, newest first')
    const notMine = await app.inject({ url: '/api/v1/submissions?exercise=hello-json', headers: bearer(maintainer) })
    t.same(notMine.json(), [], 'elsewhere only their own (none)')
  })

  t.test('admins read everything, the authorless too; learners list only their own', async (t) => {
    t.equal((await read(admin, adas)).statusCode, 200)
    t.match((await read(admin, bobs)).json(), { id: bobs, author: null })
    t.equal((await read(bob, bobs)).statusCode, 404, 'an authorless submission is nobody\'s to read but admins\'')
    const adaList = await app.inject({ url: '/api/v1/submissions', headers: bearer(ada) })
    t.same(adaList.json().map((s: { id: string }) => s.id), [adasHello, adas])
    const page = await app.inject({ url: `/api/v1/submissions?limit=1&before=${adasHello}`, headers: bearer(ada) })
    t.same(page.json().map((s: { id: string }) => s.id), [adas], 'the next page continues after `before`')
    const all = await app.inject({ url: '/api/v1/submissions?limit=100', headers: bearer(admin) })
    t.ok([adas, adasHello, bobs].every((id) => all.json().some((s: { id: string }) => s.id === id)))
  })
})

t.test('limits: per account per minute and at once (429), the whole queue (503), with Retry-After', async (t) => {
  const config = await isolatedConfig(t, { SUBMISSIONS_PER_MINUTE: '3', SUBMISSIONS_QUEUED_PER_USER: '100', QUEUE_CAP: '100000' })
  const app = await build(t, config, { auth: false })
  const ada = await signUp(app, 'ada')

  t.test('the fourth submission in a minute is a 429 that says when to come back', async (t) => {
    for (let i = 0; i < 3; i++) t.equal((await submit(app, ada, 'todos-crud', server(`rate ${i}`))).statusCode, 202)
    const fourth = await submit(app, ada, 'todos-crud', server('rate 3'))
    t.equal(fourth.statusCode, 429)
    t.match(fourth.json().error, { code: 'RATE_LIMITED', message: /You made 3 submissions in the last minute, the most allowed\. Try again in \d+ s\./ })
    const wait = Number(fourth.headers['retry-after'])
    t.ok(wait >= 1 && wait <= 60, `Retry-After ${wait}`)
  })

  t.test('another account is not held back by it; requests at once cannot slip past the limit', async (t) => {
    const bob = await signUp(app, 'bob')
    const burst = await Promise.all(Array.from({ length: 8 }, async (_, i) => (await submit(app, bob, 'todos-crud', server(`burst ${i}`))).statusCode))
    t.same(burst.filter((s) => s === 202).length, 3, 'exactly three admitted')
    t.same(burst.filter((s) => s === 429).length, 5)
  })
})

t.test('queued at once per account, and the global queue cap', async (t) => {
  const config = await isolatedConfig(t, { SUBMISSIONS_QUEUED_PER_USER: '2', QUEUE_CAP: '5' })
  const app = await build(t, config, { auth: false })
  const db = new pg.Client({ connectionString: config.DATABASE_URL })
  await db.connect()
  t.teardown(async () => { await db.end() })
  const ada = await signUp(app, 'ada')

  t.equal((await submit(app, ada, 'todos-crud', server('q1'))).statusCode, 202)
  const second = await submit(app, ada, 'todos-crud', server('q2'))
  t.equal(second.statusCode, 202)
  const third = await submit(app, ada, 'todos-crud', server('q3'))
  t.equal(third.statusCode, 429)
  t.match(third.json().error, { code: 'TOO_MANY_QUEUED', message: /You have 2 submissions waiting to be graded/ })
  t.ok(Number(third.headers['retry-after']) >= 1)
  await db.query("UPDATE submissions SET status = 'failed' WHERE id = $1", [second.json().id])
  t.equal((await submit(app, ada, 'todos-crud', server('q3'))).statusCode, 202, 'a finished one frees a place')

  const others = await Promise.all(Array.from({ length: 3 }, async () => await signUp(app, 'crowd')))
  for (const [i, who] of others.entries()) t.equal((await submit(app, who, 'todos-crud', server(`crowd ${i}`))).statusCode, 202)
  const before = Number((await db.query('SELECT count(*) FROM submissions')).rows[0].count)
  const full = await submit(app, await signUp(app, 'late'), 'todos-crud', server('late'))
  t.equal(full.statusCode, 503)
  t.match(full.json().error, { code: 'QUEUE_FULL', message: /more submissions waiting than it can grade soon \(5\)\. Try again in 30 s; nothing was stored/ })
  t.equal(full.headers['retry-after'], '30')
  t.equal(Number((await db.query('SELECT count(*) FROM submissions')).rows[0].count), before, 'nothing stored')
})

t.test('the same files again to the same exercise version return the earlier submission', async (t) => {
  const config = await isolatedConfig(t)
  const app = await build(t, config, { auth: false })
  const db = new pg.Client({ connectionString: config.DATABASE_URL })
  await db.connect()
  t.teardown(async () => { await db.end() })
  const ada = await signUp(app, 'ada')
  const files = { ...server('same'), 'lib/util.js': 'module.exports = 1\n' }
  const first = await submit(app, ada, 'todos-crud', files)
  t.equal(first.statusCode, 202)
  const reordered = Object.fromEntries(Object.entries(files).reverse())
  const again = await submit(app, ada, 'todos-crud', reordered)
  t.equal(again.statusCode, 200)
  t.same(again.json(), { id: first.json().id, status: 'queued', duplicate: true })
  t.equal(again.headers.location, `/api/v1/submissions/${first.json().id as string}`)
  t.equal(Number((await db.query('SELECT count(*) FROM submissions')).rows[0].count), 1, 'nothing new stored or queued')

  t.equal((await submit(app, ada, 'todos-crud', { ...files, 'lib/util.js': 'module.exports = 2\n' })).statusCode, 202, 'other files are graded')
  t.equal((await submit(app, ada, 'hello-json', files)).statusCode, 202, 'another exercise is graded')
  const bob = await signUp(app, 'bob')
  t.equal((await submit(app, bob, 'todos-crud', files)).statusCode, 202, 'another author is graded (results are their own)')
  await db.query("UPDATE submissions SET status = 'error', verdict = 'platform_error' WHERE id = $1", [first.json().id])
  const afterError = await submit(app, ada, 'todos-crud', files)
  t.equal(afterError.statusCode, 202, 'what Backlab failed to grade is graded again')
  t.not(afterError.json().id, first.json().id)
})
