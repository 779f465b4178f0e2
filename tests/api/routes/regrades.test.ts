// Versions and re-grading: a new version never changes an old grade; maintainers re-grade one
// submission or all of an exercise against the latest version, behind learners' submissions.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Queue } from 'bullmq'
import t from 'tap'
import { readFileTree } from '../../../services/platform/file-tree.js'
import { REGRADE_PRIORITY, VALIDATION_PRIORITY } from '../../../services/submission/grade-queue.js'
import { build, signUp } from '../../helpers/build-app.js'
import { startWorker, submit, waitForResult, type SubmissionView } from '../../helpers/grading.js'
import { isolatedConfig } from '../../helpers/test-config.js'

t.setTimeout(4 * 60_000)

t.test('re-grading against a new version', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'backlab-regrade-'))
  t.teardown(async () => { await rm(root, { recursive: true, force: true }) })
  await cp('exercises/hello-json', join(root, 'hello-json'), { recursive: true })
  const manifestPath = join(root, 'hello-json', 'exercise.json')
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { version: number }
  const v1 = manifest.version

  const config = await isolatedConfig(t, { EXERCISES_DIR: root })
  const app = await build(t, config)
  await startWorker(t, config)
  const reference = await readFileTree('exercises/hello-json/solution/node')
  const starter = await readFileTree('exercises/hello-json/starter/node')
  const passedId = await submit(app, 'hello-json', reference)
  const failedId = await submit(app, 'hello-json', starter)
  const before = await Promise.all([passedId, failedId].map(async (id) => await waitForResult(app, id)))
  t.same(before.map((v) => v.status), ['passed', 'failed'])

  // Version 2 is published: the API loads it at boot, as a deploy would.
  await writeFile(manifestPath, JSON.stringify({ ...manifest, version: v1 + 1 }))
  const app2 = await build(t, config, { auth: false })
  const bearer = (a: { token: string }) => ({ authorization: `Bearer ${a.token}` })
  const teacher = await signUp(app2, 'teacher')
  const admin = await signUp(app2, 'admin')
  await app2.pg.query("UPDATE users SET role = 'admin' WHERE id = $1", [admin.id])
  await app2.pg.query("UPDATE users SET role = 'instructor' WHERE id = $1", [teacher.id])
  const stranger = await signUp(app2, 'stranger')
  await app2.pg.query("UPDATE users SET role = 'instructor' WHERE id = $1", [stranger.id])
  await app2.inject({ method: 'PUT', url: `/api/v1/exercises/hello-json/maintainers/${teacher.id}`, headers: bearer(admin) })

  t.test('publishing a new version changes no old grade', async (t) => {
    const again = await Promise.all([passedId, failedId].map(async (id) => await waitForResult(app, id)))
    t.same(again.map((v) => [v.status, v.score, (v as SubmissionView & { exercise: { version: number } }).exercise.version]),
      before.map((v) => [v.status, v.score, v1]))
  })

  t.test('only maintainers and admins re-grade', async (t) => {
    const learner = await app2.inject({ method: 'POST', url: '/api/v1/exercises/hello-json/regrade', headers: bearer(app.account) })
    t.equal(learner.statusCode, 403)
    const other = await app2.inject({ method: 'POST', url: '/api/v1/exercises/hello-json/regrade', headers: bearer(stranger) })
    t.equal(other.statusCode, 403)
    t.match(other.json().error.message, /You do not maintain hello-json/)
  })

  t.test('a whole exercise: every graded submission of an older version, once, as new submissions behind learners\'', async (t) => {
    const res = await app2.inject({ method: 'POST', url: '/api/v1/exercises/hello-json/regrade', headers: bearer(teacher) })
    t.equal(res.statusCode, 202, res.body)
    const body = res.json() as { version: number, submissions: Array<{ id: string, regradeOf: string }> }
    t.equal(body.version, v1 + 1)
    t.same(body.submissions.map((s) => s.regradeOf).sort(), [passedId, failedId].sort())
    t.equal(res.json().remaining, 0, 'all of them fit')

    const queue = new Queue(config.QUEUE_NAME, { connection: { url: config.REDIS_URL } })
    t.teardown(async () => { await queue.close() })
    for (const s of body.submissions) t.equal((await queue.getJob(s.id))?.opts.priority, REGRADE_PRIORITY, 'queued in the last lane')
    t.ok(((await queue.getJob(passedId))?.opts.priority ?? 0) < VALIDATION_PRIORITY, 'a learner\'s submission is in the first lane: it goes first')

    const regraded = await Promise.all(body.submissions.map(async (s) => await waitForResult(app, s.id)))
    for (const [i, view] of regraded.entries()) {
      t.match(view, { regradeOf: body.submissions[i]?.regradeOf, exercise: { version: v1 + 1 } }, 'the learner reads it: it is theirs')
    }
    t.same(regraded.map((v) => v.status).sort(), ['failed', 'passed'])
    const again = await app2.inject({ method: 'POST', url: '/api/v1/exercises/hello-json/regrade', headers: bearer(teacher) })
    t.same(again.json().submissions, [], 'calling it again queues nothing new')
  })

  t.test('one submission, on request', async (t) => {
    const res = await app2.inject({ method: 'POST', url: `/api/v1/submissions/${failedId}/regrade`, headers: bearer(admin) })
    t.equal(res.statusCode, 202, res.body)
    const [created] = res.json().submissions as Array<{ id: string, regradeOf: string }>
    t.equal(created?.regradeOf, failedId)
    t.match(await waitForResult(app, created?.id ?? ''), { status: 'failed', exercise: { version: v1 + 1 } })
    const none = await app2.inject({ method: 'POST', url: '/api/v1/submissions/00000000-0000-4000-8000-000000000000/regrade', headers: bearer(admin) })
    t.equal(none.statusCode, 404)
  })
})
