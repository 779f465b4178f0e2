// An exercise's statistics for its instructors, from real submissions rows.
import { randomUUID } from 'node:crypto'
import { execFile } from 'node:child_process'
import t from 'tap'
import { build, signUp } from '../../helpers/build-app.js'
import { isolatedConfig } from '../../helpers/test-config.js'

t.test('GET /api/v1/exercises/:slug/stats', async (t) => {
  const config = await isolatedConfig(t)
  const app = await build(t, config, { auth: false })
  const bearer = (a: { token: string }) => ({ authorization: `Bearer ${a.token}` })

  const adminEmail = 'stats-admin@example.test'
  const child = execFile('node_modules/.bin/tsx', ['scripts/admin.ts', 'create-admin', '--email', adminEmail],
    { env: { ...process.env, DATABASE_URL: config.DATABASE_URL, PASSWORD_HASH_COST: '10' } })
  child.stdin?.end('the admin password\n')
  await new Promise((resolve) => child.once('exit', resolve))
  const admin = (await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { email: adminEmail, password: 'the admin password' } })).json() as { token: string }
  const teacher = await signUp(app, 'teacher')
  const stranger = await signUp(app, 'stranger')
  for (const who of [teacher, stranger]) {
    await app.inject({ method: 'PUT', url: `/api/v1/users/${who.id}/role`, headers: bearer(admin), payload: { role: 'instructor' } })
  }
  await app.inject({ method: 'PUT', url: `/api/v1/exercises/todos-crud/maintainers/${teacher.id}`, headers: bearer(admin) })
  const [ada, bob] = [await signUp(app, 'ada'), await signUp(app, 'bob')]

  const version = (await app.pg.query("SELECT max(version) AS v FROM exercises WHERE slug = 'todos-crud'")).rows[0].v as number
  const test = (name: string, status: string) => ({ name, status })
  const rows: Array<[string, string, Array<{ name: string, status: string }>]> = [
    [ada.id, 'failed', [test('1. create', 'fail'), test('2. list', 'fail'), test('3. update', 'pass')]],
    [ada.id, 'failed', [test('1. create', 'fail'), test('2. list', 'pass'), test('3. update', 'pass')]],
    [ada.id, 'passed', [test('1. create', 'pass'), test('2. list', 'pass'), test('3. update', 'pass')]],
    [bob.id, 'failed', [test('1. create', 'pass'), test('2. list', 'pass'), test('3. update', 'error')]],
    [bob.id, 'error', []],
    [bob.id, 'queued', []]
  ]
  // The first two were made two days ago (UTC), the rest today.
  for (const [i, [userId, status, tests]] of rows.entries()) {
    await app.pg.query(
      `INSERT INTO submissions (id, user_id, exercise_slug, exercise_version, runtime, files, status, tests, created_at)
       VALUES ($1, $2, 'todos-crud', $3, 'node', '{}', $4, $5, now() - make_interval(days => $6))`,
      [randomUUID(), userId, version, status, JSON.stringify(tests), i < 2 ? 2 : 0])
  }
  const dayAgo = (n: number): string => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10)
  const stats = async (who: { token: string }, query = '') => await app.inject({ url: `/api/v1/exercises/todos-crud/stats${query}`, headers: bearer(who) })

  t.test('its maintainer sees submissions, learners, the pass rate, and the tests that fail most', async (t) => {
    const res = await stats(teacher)
    t.equal(res.statusCode, 200, res.body)
    const { daily, ...figures } = res.json()
    t.equal(daily.length, 30, 'the last 30 days')
    t.same(daily.slice(-3), [
      { day: dayAgo(2), submissions: 2, passed: 0, failed: 2 },
      { day: dayAgo(1), submissions: 0, passed: 0, failed: 0 },
      { day: dayAgo(0), submissions: 4, passed: 1, failed: 1 }
    ], 'per day, with the days without submissions')
    t.same(figures, {
      exercise: 'todos-crud',
      submissions: 6,
      learners: 2,
      learnersPassed: 1,
      passed: 1,
      failed: 3,
      notGraded: 1,
      pending: 1,
      passRate: 0.25,
      failingTests: [
        { name: '1. create', failures: 2, failRate: 0.5 },
        { name: '2. list', failures: 1, failRate: 0.25 },
        { name: '3. update', failures: 1, failRate: 0.25 }
      ]
    })
    const other = await stats(teacher, `?version=${version + 1}`)
    t.match(other.json(), { version: version + 1, submissions: 0, passRate: null, failingTests: [] }, 'one version at a time')
  })

  t.test('an instructor\'s exercises: those they maintain, with how learners do; an admin\'s: all', async (t) => {
    const mine = await app.inject({ url: '/api/v1/instructor/exercises', headers: bearer(teacher) })
    t.same(mine.json(), [{ slug: 'todos-crud', title: mine.json()[0].title, track: 'crud', version, runtimes: ['node', 'python'], submissions: 6, learners: 2, passRate: 0.25 }])
    t.same((await app.inject({ url: '/api/v1/instructor/exercises', headers: bearer(stranger) })).json(), [])
    t.ok((await app.inject({ url: '/api/v1/instructor/exercises', headers: bearer(admin) })).json().length > 5)
    t.equal((await app.inject({ url: '/api/v1/instructor/exercises', headers: bearer(ada) })).statusCode, 403)
  })

  t.test('admins too; other instructors and learners are told why not', async (t) => {
    t.equal((await stats(admin)).statusCode, 200)
    const notTheirs = await stats(stranger)
    t.equal(notTheirs.statusCode, 403)
    t.match(notTheirs.json().error.message, /You do not maintain todos-crud/)
    const learner = await stats(ada)
    t.equal(learner.statusCode, 403)
    t.match(learner.json().error.message, /Only instructor or admin accounts may do this/)
    t.equal((await app.inject({ url: '/api/v1/exercises/nope/stats', headers: bearer(admin) })).statusCode, 404)
  })
})
