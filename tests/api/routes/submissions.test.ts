import t from 'tap'
import { Queue, Worker } from 'bullmq'
import { build, signUp, type TestAccount } from '../../helpers/build-app.js'
import { isolatedConfig } from '../../helpers/test-config.js'

const serverJs = "require('node:http').createServer((q, s) => s.end()).listen(process.env.PORT)\n"

t.test('POST /api/v1/submissions', async (t) => {
  const config = await isolatedConfig(t)
  const app = await build(t, config)
  const post = async (payload: unknown) => await app.inject({ method: 'POST', url: '/api/v1/submissions', payload: payload as object })

  t.test('stores and queues a valid submission: 202, Location, job id = submission id', async (t) => {
    const res = await post({ exercise: 'todos-crud', files: { 'server.js': serverJs } })
    t.equal(res.statusCode, 202)
    const body = res.json()
    t.match(body, { id: /^[0-9a-f-]{36}$/, status: 'queued' })
    t.equal(res.headers.location, `/api/v1/submissions/${body.id}`)

    const queue = new Queue(config.QUEUE_NAME, { connection: { url: config.REDIS_URL } })
    t.teardown(async () => { await queue.close() })
    const job = await queue.getJob(body.id)
    t.same(job?.data, { submissionId: body.id })

    const read = await app.inject({ url: res.headers.location as string })
    t.equal(read.statusCode, 200)
    t.match(read.json(), { id: body.id, status: 'queued', exercise: { slug: 'todos-crud', version: Number }, runtime: 'node', tests: [], score: null })
  })

  t.test('records the runtime a submission names', async (t) => {
    const res = await post({ exercise: 'todos-crud', runtime: 'python', files: { 'app.py': 'print(1)\n' } })
    t.equal(res.statusCode, 202, res.body)
    const read = await app.inject({ url: res.headers.location as string })
    t.match(read.json(), { runtime: 'python' })
    const procfile = await post({ exercise: 'todos-crud', runtime: 'python', files: { Procfile: 'web: python3 main.py\n', 'main.py': '' } })
    t.equal(procfile.statusCode, 202, 'a Procfile replaces app.py')
    const startScript = await post({ exercise: 'todos-crud', files: { 'package.json': '{"scripts":{"start":"node src/main.js"}}', 'src/main.js': '' } })
    t.equal(startScript.statusCode, 202, 'a start script replaces server.js')
  })

  const rejected: Array<[string, unknown, number, string, RegExp]> = [
    ['an unknown exercise', { exercise: 'no-such-thing', files: { 'server.js': 'x' } }, 404, 'EXERCISE_NOT_FOUND', /'no-such-thing' does not exist/],
    ['no files field', { exercise: 'todos-crud' }, 400, 'VALIDATION_FAILED', /missing the required field 'files'/],
    ['an empty file map', { exercise: 'todos-crud', files: {} }, 400, 'VALIDATION_FAILED', /body\.files must NOT have fewer than 1 properties/],
    ['a file that is not text', { exercise: 'todos-crud', files: { 'server.js': 42 } }, 400, 'VALIDATION_FAILED', /body\.files\.server\.js must be string/],
    ['an absolute path', { exercise: 'todos-crud', files: { 'server.js': 'x', '/etc/passwd': 'x' } }, 400, 'INVALID_FILE_PATH', /'\/etc\/passwd' is absolute/],
    ['a path with ..', { exercise: 'todos-crud', files: { 'server.js': 'x', 'src/../../x.js': 'x' } }, 400, 'INVALID_FILE_PATH', /'src\/\.\.\/\.\.\/x\.js' contains '\.\.'/],
    ['a Windows path', { exercise: 'todos-crud', files: { 'server.js': 'x', 'C:\\x.js': 'x' } }, 400, 'INVALID_FILE_PATH', /backslash/],
    ['a file outside the allowed list', { exercise: 'todos-crud', files: { 'server.js': 'x', 'notes.txt': 'x' } }, 400, 'FILE_NOT_ALLOWED', /'notes\.txt' is not part of a todos-crud solution in node\. Allowed paths: /],
    ['a missing entry file', { exercise: 'todos-crud', files: { 'app.js': 'x' } }, 400, 'REQUIRED_FILE_MISSING', /must include server\.js: the node runtime starts `node server\.js`, or the "start" script/],
    ['a start script that is empty', { exercise: 'todos-crud', files: { 'app.js': 'x', 'package.json': '{"scripts":{"start":" "}}' } }, 400, 'REQUIRED_FILE_MISSING', /must include server\.js/],
    ['a python file sent as node', { exercise: 'todos-crud', files: { 'app.py': 'x' } }, 400, 'FILE_NOT_ALLOWED', /'app\.py' is not part of a todos-crud solution in node/],
    ['python without app.py or a Procfile', { exercise: 'todos-crud', runtime: 'python', files: { 'main.py': 'x' } }, 400, 'REQUIRED_FILE_MISSING', /must include app\.py: the python runtime starts `python3 app\.py`, or the command on the "web:" line of a Procfile/],
    ['a Procfile whose web: line is empty', { exercise: 'todos-crud', runtime: 'python', files: { Procfile: 'web:\nflask run\n', 'main.py': 'x' } }, 400, 'REQUIRED_FILE_MISSING', /must include app\.py/],
    ['an unknown runtime', { exercise: 'todos-crud', runtime: 'cobol', files: { 'server.js': 'x' } }, 400, 'VALIDATION_FAILED', /body\.runtime must be one of "node", "python"|body\.runtime/],
    ['an unknown field', { exercise: 'todos-crud', files: { 'server.js': 'x' }, score: 100 }, 400, 'VALIDATION_FAILED', /unknown field 'score'/],
    ['a malformed slug', { exercise: '../etc', files: { 'server.js': 'x' } }, 400, 'VALIDATION_FAILED', /body\.exercise must match pattern/],
    ['too many files', { exercise: 'todos-crud', files: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`src/f${i}.js`, ''])) }, 400, 'TOO_MANY_FILES', /at most 100 files/],
    ['a file over the per-file cap', { exercise: 'todos-crud', files: { 'server.js': 'x', 'src/a/b.js': 'y'.repeat(256 * 1024 + 1) } }, 413, 'FILE_TOO_LARGE', /File 'src\/a\/b\.js' is longer than 262144 characters/],
    ['an overlong path', { exercise: 'todos-crud', files: { 'server.js': 'x', [`src/${'d/'.repeat(120)}x.js`]: 'x' } }, 400, 'PATH_TOO_LONG', /is 248 characters long; paths may be at most 200/]
  ]
  for (const [what, payload, status, code, message] of rejected) {
    t.test(`rejects ${what} with ${status} ${code}`, async (t) => {
      const res = await post(payload)
      t.equal(res.statusCode, status)
      t.equal(res.json().error.code, code)
      t.match(res.json().error.message, message)
    })
  }

  t.test('rejects malformed JSON with 400 INVALID_JSON', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/submissions', headers: { 'content-type': 'application/json' }, payload: '{"exercise": "todos-crud", files: ' })
    t.equal(res.statusCode, 400)
    t.match(res.json(), { error: { code: 'INVALID_JSON', message: /not valid JSON/ } })
  })

  t.test('rejects a body over the limit with 413 BODY_TOO_LARGE', async (t) => {
    const res = await post({ exercise: 'todos-crud', files: { 'server.js': 'x'.repeat(config.BODY_LIMIT_BYTES) } })
    t.equal(res.statusCode, 413)
    t.match(res.json(), { error: { code: 'BODY_TOO_LARGE', message: new RegExp(`larger than ${config.BODY_LIMIT_BYTES} bytes`) } })
  })

  t.test('rejected submissions store nothing', async (t) => {
    const { rows } = await app.pg.query('SELECT count(*)::int AS n FROM submissions')
    t.equal(rows[0].n, 4, 'only the four valid submissions')
  })
})

t.test('GET /api/v1/submissions/:id', async (t) => {
  const app = await build(t, await isolatedConfig(t))

  t.test('?wait holds the answer until the submission changes status, then answers at once', async (t) => {
    const created = await app.inject({ method: 'POST', url: '/api/v1/submissions', payload: { exercise: 'todos-crud', files: { 'server.js': serverJs } } })
    const id = created.json().id as string
    const started = Date.now()
    const waiting = app.inject({ url: `/api/v1/submissions/${id}?wait=10` })
    await new Promise((resolve) => setTimeout(resolve, 300))
    await app.pg.query("UPDATE submissions SET status = 'running' WHERE id = $1", [id])
    await app.pg.query("UPDATE submissions SET status = 'failed', verdict = 'tests_failed' WHERE id = $1", [id])
    const res = await waiting
    t.equal(res.json().status, 'failed')
    t.ok(Date.now() - started < 5000, 'answered on the change, not at the timeout')
  })

  t.test('?wait gives up after the time asked for and answers with the current status', async (t) => {
    // Other files than above: the same ones would be answered with that submission.
    const created = await app.inject({ method: 'POST', url: '/api/v1/submissions', payload: { exercise: 'todos-crud', files: { 'server.js': `${serverJs}// again\n` } } })
    const res = await app.inject({ url: `/api/v1/submissions/${created.json().id as string}?wait=1` })
    t.equal(res.json().status, 'queued')
    const tooLong = await app.inject({ url: `/api/v1/submissions/${created.json().id as string}?wait=31` })
    t.equal(tooLong.statusCode, 400)
    t.match(tooLong.json(), { error: { code: 'VALIDATION_FAILED', message: /querystring\.wait must be <= 30/ } })
  })

  const unknown = await app.inject({ url: '/api/v1/submissions/2f1e9c3a-3b9a-4f7e-9d0e-6a3c1f2b4d5e' })
  t.equal(unknown.statusCode, 404)
  t.match(unknown.json(), { error: { code: 'SUBMISSION_NOT_FOUND' } })
  const malformed = await app.inject({ url: '/api/v1/submissions/42' })
  t.equal(malformed.statusCode, 400)
  t.match(malformed.json(), { error: { code: 'VALIDATION_FAILED', message: /params\.id must match format "uuid"/ } })
})

t.test('a submission made while Redis is down is stored, answered 202, and not lost', async (t) => {
  const app = await build(t, await isolatedConfig(t, { REDIS_URL: 'redis://127.0.0.1:1' }))
  const res = await app.inject({ method: 'POST', url: '/api/v1/submissions', payload: { exercise: 'todos-crud', files: { 'server.js': serverJs } } })
  t.equal(res.statusCode, 202)
  const read = await app.inject({ url: res.headers.location as string })
  t.equal(read.json().status, 'queued', 'the reconciler will enqueue it once Redis answers')
})

t.test('learners are served in turn: one account\'s backlog does not sit ahead of another\'s first submission', async (t) => {
  const config = await isolatedConfig(t)
  const app = await build(t, config, { auth: false })
  const [ada, bob] = [await signUp(app, 'ada'), await signUp(app, 'bob')]
  const submitAs = async (who: TestAccount, n: number): Promise<string> => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      headers: { authorization: `Bearer ${who.token}` },
      payload: { exercise: 'todos-crud', files: { 'server.js': `${serverJs}// ${n}\n` } }
    })
    t.equal(res.statusCode, 202, res.body)
    return res.json().id as string
  }
  const names = new Map<string, string>()
  for (const n of [1, 2, 3]) names.set(await submitAs(ada, n), `ada-${n}`)
  names.set(await submitAs(bob, 1), 'bob-1')

  // A worker that only notes the order it is handed the jobs in (nothing is graded).
  const order: string[] = []
  let done: () => void = () => {}
  const all = new Promise<void>((resolve) => { done = resolve })
  const worker = new Worker<{ submissionId: string }>(config.QUEUE_NAME, async (job) => {
    order.push(names.get(job.data.submissionId) ?? job.data.submissionId)
    if (order.length === names.size) done()
  }, { connection: { url: config.REDIS_URL }, concurrency: 1 })
  try {
    await all
  } finally {
    await worker.close()
  }
  t.same(order, ['ada-1', 'bob-1', 'ada-2', 'ada-3'])
})
