// Instructors upload exercise packages: every file problem is refused at once with its message;
// then the package is proved by grading (reference passes in every runtime, starter fails, every
// scenario matches) and published only if every check passed. Real API, worker and containers.
import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { readFileTree } from '../../../services/platform/file-tree.js'
import { packFilesGzipped } from '../../../services/platform/tar-files.js'
import { build, signUp, type TestAccount } from '../../helpers/build-app.js'
import { startWorker } from '../../helpers/grading.js'
import { isolatedConfig } from '../../helpers/test-config.js'
import { HELLO_PACKAGE } from '../../helpers/packages.js'

t.setTimeout(6 * 60_000)

const run = promisify(execFile)
const bearer = (a: { token: string }) => ({ authorization: `Bearer ${a.token}` })

interface Check { name: string, status: string, problems: string[], submissionId: string }
interface Validation { id: string, status: string, exercise: { slug: string, version: number }, checks: Check[] }

/** A copy of hello-json version 1 (HELLO_PACKAGE) under another slug, to change and pack. */
async function packageFolder (t: Test, slug: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'backlab-package-test-'))
  t.teardown(async () => { await rm(root, { recursive: true, force: true }) })
  const dir = join(root, slug)
  await cp(HELLO_PACKAGE, dir, { recursive: true })
  await editJson(join(dir, 'exercise.json'), (m) => ({ ...m, slug, title: `Uploaded ${slug}` }))
  return dir
}

async function editJson (path: string, change: (value: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
  await writeFile(path, JSON.stringify(change(JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>), null, 2))
}

async function pack (dir: string): Promise<Buffer> {
  return (await run('tar', ['-czf', '-', '-C', dir, '.'], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 })).stdout
}

async function upload (app: FastifyInstance, who: { token: string }, body: Buffer, publish: boolean) {
  return await app.inject({
    method: 'POST',
    url: `/api/v1/exercise-packages?publish=${String(publish)}`,
    headers: { ...bearer(who), 'content-type': 'application/gzip' },
    payload: body
  })
}

/** Follows the validation's event stream to its end, as the CLI does; returns every event. */
async function watch (app: FastifyInstance, who: { token: string }, id: string): Promise<Validation[]> {
  const res = await app.inject({ url: `/api/v1/exercise-packages/${id}/events`, headers: bearer(who) })
  return res.body.split('\n\n').filter((block) => block.startsWith('event: validation'))
    .map((block) => JSON.parse(block.slice(block.indexOf('data: ') + 6)) as Validation)
}

t.test('exercise packages', async (t) => {
  const config = await isolatedConfig(t)
  const app = await build(t, config, { auth: false })
  await startWorker(t, config)
  const role = async (a: TestAccount, r: string): Promise<void> => { await app.pg.query('UPDATE users SET role = $2 WHERE id = $1', [a.id, r]) }
  const teacher = await signUp(app, 'teacher')
  const otherTeacher = await signUp(app, 'other-teacher')
  const learner = await signUp(app, 'learner')
  await role(teacher, 'instructor')
  await role(otherTeacher, 'instructor')
  const count = async (table: string): Promise<number> => Number((await app.pg.query(`SELECT count(*) FROM ${table}`)).rows[0].count)

  t.test('only instructors and admins upload; what is not an archive is refused', async (t) => {
    const dir = await packageFolder(t, 'hello-upload')
    const asLearner = await upload(app, learner, await pack(dir), false)
    t.equal(asLearner.statusCode, 403)
    t.match(asLearner.json().error.message, /Only instructor or admin accounts may do this/)
    const notArchive = await upload(app, teacher, Buffer.from('{"slug": "x"}'), false)
    t.equal(notArchive.statusCode, 400)
    t.match(notArchive.json().error, { code: 'ARCHIVE_UNSUPPORTED_FORMAT' })
  })

  t.test('a package whose files are wrong is refused at once, naming every problem; nothing is stored', async (t) => {
    const before = { validations: await count('package_validations'), exercises: await count('exercises'), submissions: await count('submissions') }
    const problemsOf = async (dir: string): Promise<string[]> => {
      const res = await upload(app, teacher, await pack(dir), true)
      t.equal(res.statusCode, 422, res.body)
      t.equal(res.json().error.code, 'PACKAGE_INVALID')
      const problems = res.json().error.problems as string[]
      t.match(res.json().error.message, `The package has ${problems.length} problem(s); nothing was stored or published.`)
      return problems
    }

    const noManifest = await packageFolder(t, 'no-manifest')
    await rm(join(noManifest, 'exercise.json'))
    t.same(await problemsOf(noManifest), ['exercise.json: file is missing'])

    const badManifest = await packageFolder(t, 'bad-manifest')
    await editJson(join(badManifest, 'exercise.json'), (m) => ({ ...m, runtimes: ['cobol'], version: 0 }))
    const manifestProblems = await problemsOf(badManifest)
    t.ok(manifestProblems.some((p) => /^exercise\.json: runtimes\.0: must be one of "node", "python"/.test(p)), manifestProblems.join('\n'))
    t.ok(manifestProblems.some((p) => /^exercise\.json: version: must be >= 1/.test(p)), 'names the version too')

    const missing = await packageFolder(t, 'missing-files')
    await rm(join(missing, 'instructions.md'))
    await rm(join(missing, 'solution', 'python'), { recursive: true })
    await rm(join(missing, 'grader', 'hello.test.mjs'))
    await writeFile(join(missing, 'grader', 'other.mjs'), '// not the entry\n')
    await rm(join(missing, 'scenarios', 'no-content-type', 'expected.json'))
    await editJson(join(missing, 'scenarios', 'no-url-decoding', 'expected.json'), (e) => ({ ...e, runtime: 'ruby' }))
    await editJson(join(missing, 'scenarios', 'express-default-404', 'expected.json'), (e) => ({ ...e, status: 'passed', verdict: 'tests_passed' }))
    await rm(join(missing, 'scenarios', 'name-limit-off-by-one'), { recursive: true })
    const fileProblems = await problemsOf(missing)
    for (const expected of [
      'instructions.md: file is missing',
      'solution/python/: folder is missing',
      "grader/hello.test.mjs: the manifest's grader.entry does not exist",
      'scenarios/no-content-type/expected.json: file is missing',
      'scenarios/no-url-decoding/expected.json: runtime: must be one of "node", "python", "sql"',
      'scenarios/express-default-404/expected.json: a scenario is a broken solution; its status must be "failed"',
      'scenarios/: 1 in node; each runtime needs at least 2'
    ]) t.ok(fileProblems.includes(expected), `names: ${expected}\n${fileProblems.join('\n')}`)

    const unsubmittable = await packageFolder(t, 'unsubmittable')
    await writeFile(join(unsubmittable, 'scenarios', 'no-content-type', 'files', 'notes.exe'), 'not source\n')
    t.match((await problemsOf(unsubmittable))[0], /^scenarios\/no-content-type\/files\/: a learner could not submit this \(File 'notes\.exe' is not part of a unsubmittable solution in node/)

    // A name no file system takes (over 255 bytes): packed in memory, as no disk would hold it.
    const longName = await readFileTree(await packageFolder(t, 'long-name'))
    const tooLong = await upload(app, teacher, await packFilesGzipped({ ...longName, [`${'n'.repeat(260)}.md`]: 'notes\n' }), true)
    t.equal(tooLong.statusCode, 422)
    t.match(tooLong.json().error.problems, [/^n{260}\.md: cannot be stored as a file \(ENAMETOOLONG\); rename it$/])

    t.same({ validations: await count('package_validations'), exercises: await count('exercises'), submissions: await count('submissions') }, before, 'nothing stored')
    t.equal((await app.inject({ url: '/api/v1/exercises/missing-files', headers: bearer(learner) })).statusCode, 404)
  })

  t.test('a package whose checks fail is never published; the report says what failed and where', async (t) => {
    const dir = await packageFolder(t, 'hello-upload')
    // The python reference caps names at 49 characters; the instructions (and the suite) say 50.
    const appPy = join(dir, 'solution', 'python', 'app.py')
    await writeFile(appPy, (await readFile(appPy, 'utf8')).replace('MAX_NAME_LENGTH = 50', 'MAX_NAME_LENGTH = 49'))
    // The node starter is the finished solution: learners would pass without writing code.
    await rm(join(dir, 'starter', 'node'), { recursive: true })
    await cp(join(dir, 'solution', 'node'), join(dir, 'starter', 'node'), { recursive: true })
    // A scenario that expects a test to fail that passes.
    await editJson(join(dir, 'scenarios', 'no-content-type', 'expected.json'), (e) => ({
      ...e, tests: (e.tests as Array<{ name: string, status: string }>).map((x) => x.name === '2. GET /hello answers 200 with Hello, world!' ? { ...x, status: 'fail' } : x)
    }))

    const res = await upload(app, teacher, await pack(dir), true)
    t.equal(res.statusCode, 202, res.body)
    const started = res.json() as Validation
    t.equal(res.headers.location, `/api/v1/exercise-packages/${started.id}`)
    t.match(started, { status: 'running', exercise: { slug: 'hello-upload', version: 1 } })
    t.equal(started.checks.length, 2 + 2 + 7, 'reference and starter per runtime, and every scenario')
    t.ok(started.checks.every((c) => c.status === 'pending'))
    t.equal((await app.inject({ url: '/api/v1/exercises/hello-upload', headers: bearer(learner) })).statusCode, 404, 'learners do not see a candidate')

    const again = await upload(app, teacher, await pack(dir), false)
    t.equal(again.statusCode, 409, 'one validation of an exercise at a time')
    t.match(again.json().error, { code: 'VALIDATION_RUNNING', message: new RegExp(`A validation of hello-upload is still running \\(${started.id}\\)`) })

    const events = await watch(app, teacher, started.id)
    t.ok(events.length >= 2, `streamed ${events.length} states of the validation`)
    const report = events[events.length - 1] as Validation
    t.equal(report.status, 'failed')
    const byName = new Map(report.checks.map((c) => [c.name, c]))
    t.match(byName.get('solution/python passes every test'), {
      status: 'fail',
      problems: [/^verdict tests_failed/, /^test "2\. GET \/hello accepts a 50-character name and rejects 51 with 400" fails: /]
    })
    t.match(byName.get('solution/node passes every test'), { status: 'pass', problems: [] })
    t.match(byName.get('starter/node runs and fails'), { status: 'fail', problems: ['it passes every test: learners would pass without writing any code'] })
    t.match(byName.get('starter/python runs and fails'), { status: 'pass' })
    t.match(byName.get('scenarios/no-content-type (node) grades as expected.json says'), {
      status: 'fail', problems: ['test "2. GET /hello answers 200 with Hello, world!": expected fail, got pass']
    })
    t.equal(report.checks.filter((c) => c.status === 'fail').length, 3, 'every other check passed')

    t.equal((await app.inject({ url: '/api/v1/exercises/hello-upload', headers: bearer(learner) })).statusCode, 404, 'not published')
    const takeOver = await upload(app, otherTeacher, await pack(dir), true)
    t.equal(takeOver.statusCode, 403, 'another instructor cannot replace or publish a candidate')
    t.match(takeOver.json().error.message, /hello-upload is another instructor's exercise and you do not maintain it/)
    const read = await app.inject({ url: `/api/v1/exercise-packages/${started.id}`, headers: bearer(teacher) })
    t.same(read.json(), report, 'GET answers the same report')
    t.equal((await app.inject({ url: `/api/v1/exercise-packages/${started.id}`, headers: bearer(otherTeacher) })).statusCode, 404, 'nobody else reads it')
    const grading = await app.inject({ url: `/api/v1/submissions/${byName.get('starter/node runs and fails')?.submissionId ?? ''}`, headers: bearer(teacher) })
    t.equal(grading.statusCode, 200, 'the uploader reads the full feedback of each grading')
    t.same((await app.inject({ url: '/api/v1/submissions', headers: bearer(teacher) })).json(), [], 'gradings are not listed as anyone\'s submissions')
  })

  t.test('a package whose every check passes is published, and its uploader maintains it', async (t) => {
    const dir = await packageFolder(t, 'hello-upload')
    const res = await upload(app, teacher, await pack(dir), true)
    t.equal(res.statusCode, 202, res.body)
    const report = (await watch(app, teacher, res.json().id as string)).at(-1) as Validation
    t.equal(report.status, 'published', JSON.stringify(report.checks.filter((c) => c.status !== 'pass'), null, 2))
    t.ok(report.checks.every((c) => c.status === 'pass'))

    const exercise = await app.inject({ url: '/api/v1/exercises/hello-upload', headers: bearer(learner) })
    t.match(exercise.json(), { slug: 'hello-upload', version: 1, title: 'Uploaded hello-upload' })
    const stats = await app.inject({ url: '/api/v1/exercises/hello-upload/stats', headers: bearer(teacher) })
    t.equal(stats.statusCode, 200, 'the uploader maintains it')
    t.match(stats.json(), { submissions: 0 }, 'the checks are not learners\' submissions')
    const mine = (await app.inject({ url: '/api/v1/exercise-packages', headers: bearer(teacher) })).json() as Array<{ status: string, exercise: { slug: string } }>
    t.same(mine.map((v) => [v.exercise.slug, v.status]).slice(0, 2), [['hello-upload', 'published'], ['hello-upload', 'failed']], 'the uploader\'s validations, newest first')
    t.same((await app.inject({ url: '/api/v1/exercise-packages', headers: bearer(otherTeacher) })).json(), [], 'nobody else\'s')
    const regrade = await app.inject({ method: 'POST', url: `/api/v1/submissions/${report.checks[0]?.submissionId ?? ''}/regrade`, headers: bearer(teacher) })
    t.match(regrade.json().error, { code: 'NOT_REGRADABLE', message: /is a check of a package validation/ })

    t.test('published versions never change, and versions only go up', async (t) => {
      const same = await upload(app, teacher, await pack(dir), true)
      t.match(same.json().error, { code: 'ALREADY_PUBLISHED', message: /Version 1 of hello-upload is published with exactly this content already/ })
      await writeFile(join(dir, 'instructions.md'), `${await readFile(join(dir, 'instructions.md'), 'utf8')}\nA new paragraph.\n`)
      const changed = await upload(app, teacher, await pack(dir), true)
      t.equal(changed.statusCode, 409)
      t.match(changed.json().error, { code: 'VERSION_PUBLISHED', message: /Version 1 of hello-upload is published with other content.*Set "version": 2 in exercise.json/ })
      const stranger = await upload(app, otherTeacher, await pack(dir), true)
      t.equal(stranger.statusCode, 403)
      t.match(stranger.json().error.message, /hello-upload is another instructor's exercise and you do not maintain it/)
    })

    t.test('version 2: an old submission keeps its version and grade; new ones are graded against 2', async (t) => {
      const starter = await readFileTree(join(dir, 'starter', 'node'))
      const graded = async (files: Record<string, string>): Promise<{ status: string, score: number, exercise: { version: number } }> => {
        const sent = await app.inject({ method: 'POST', url: '/api/v1/submissions', headers: bearer(learner), payload: { exercise: 'hello-upload', runtime: 'node', files } })
        t.equal(sent.statusCode, 202, sent.body)
        for (;;) {
          const view = (await app.inject({ url: `/api/v1/submissions/${sent.json().id as string}?wait=30`, headers: bearer(learner) })).json()
          if (!['queued', 'running'].includes(view.status as string)) return view
        }
      }
      const old = await graded(starter)
      t.match(old, { status: 'failed', exercise: { version: 1 } })

      await editJson(join(dir, 'exercise.json'), (m) => ({ ...m, version: 2 }))
      const res = await upload(app, teacher, await pack(dir), true)
      t.equal(res.statusCode, 202, res.body)
      const report = (await watch(app, teacher, res.json().id as string)).at(-1) as Validation
      t.match(report, { status: 'published', exercise: { version: 2 } })

      const oldAgain = (await app.inject({ url: '/api/v1/submissions?exercise=hello-upload', headers: bearer(learner) })).json() as Array<typeof old>
      t.same(oldAgain.map((s) => [s.status, s.score, s.exercise.version]), [[old.status, old.score, 1]], 'the old grade and its version are unchanged')
      t.match(await graded({ ...starter, 'server.js': `${starter['server.js'] ?? ''}\n// v2\n` }), { exercise: { version: 2 } })
      const older = await upload(app, teacher, await pack(await (async () => {
        await editJson(join(dir, 'exercise.json'), (m) => ({ ...m, version: 1 }))
        return dir
      })()), false)
      t.match(older.json().error, { code: 'VERSION_NOT_NEWER', message: /hello-upload is published at version 2; a new version must be higher\. Set "version": 3/ })
    })
  })
})

t.test('what one instructor may start: three validations at once, no more than the queue takes, 8 MB a package', async (t) => {
  const config = await isolatedConfig(t, { QUEUE_CAP: '40' })
  const app = await build(t, config, { auth: false })
  // No worker: validations stay running and their gradings queued (11 each).
  const teacher = await signUp(app, 'teacher')
  const second = await signUp(app, 'second')
  await app.pg.query("UPDATE users SET role = 'instructor' WHERE id = ANY($1)", [[teacher.id, second.id]])
  for (const slug of ['one', 'two', 'three']) t.equal((await upload(app, teacher, await pack(await packageFolder(t, slug)), false)).statusCode, 202)
  const fourth = await upload(app, teacher, await pack(await packageFolder(t, 'four')), false)
  t.equal(fourth.statusCode, 429)
  t.match(fourth.json().error, { code: 'TOO_MANY_VALIDATIONS', message: 'You have 3 package validations running, the most allowed at once.' })
  t.ok(Number(fourth.headers['retry-after']) > 0)

  const full = await upload(app, second, await pack(await packageFolder(t, 'five')), false)
  t.equal(full.statusCode, 503, '33 queued and 11 more would pass QUEUE_CAP 40')
  t.match(full.json().error, { code: 'QUEUE_FULL', message: /nothing was stored/ })
  t.equal(full.headers['retry-after'], '30')
  t.equal((await app.pg.query("SELECT count(*)::int AS n FROM exercises WHERE slug IN ('four', 'five')")).rows[0].n, 0, 'nothing stored')

  const huge = await upload(app, second, Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(8 * 1024 * 1024)]), false)
  t.equal(huge.statusCode, 413)
  t.match(huge.json().error.message, 'The request body is larger than 8388608 bytes, the most an exercise package may be.')
})
