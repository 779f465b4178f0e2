// Hidden tests: the learner learns that one failed, not what it sent or expected; the
// exercise's instructors and admins see everything. Graded for real, read through the API.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { createParser, type EventSourceMessage } from 'eventsource-parser'
import { readFileTree } from '../../../services/platform/file-tree.js'
import { build, signUp } from '../../helpers/build-app.js'
import { grade, startWorker } from '../../helpers/grading.js'
import { isolatedConfig } from '../../helpers/test-config.js'
import { TODOS_TEST_COUNT } from '../../helpers/todos-suite.js'

t.setTimeout(3 * 60_000)
const HIDDEN = '1. POST /todos creates a todo and answers 201 with Location'

t.test('a hidden test that fails', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'backlab-hidden-'))
  t.teardown(async () => { await rm(root, { recursive: true, force: true }) })
  await cp('exercises/todos-crud', join(root, 'todos-crud'), { recursive: true })
  const manifestPath = join(root, 'todos-crud', 'exercise.json')
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>
  await writeFile(manifestPath, JSON.stringify({ ...manifest, hiddenTests: [HIDDEN] }))

  const config = await isolatedConfig(t, { EXERCISES_DIR: root })
  const app = await build(t, config)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`
  await startWorker(t, config)
  const files = await readFileTree('exercises/todos-crud/scenarios/status-200-on-create/files')
  const view = await grade(app, 'todos-crud', files)

  t.test('the learner sees that it failed, under its task number, and nothing else of it', async (t) => {
    t.match(view, { status: 'failed', verdict: 'tests_failed', score: TODOS_TEST_COUNT - 1, maxScore: TODOS_TEST_COUNT })
    const hidden = view.tests.find((x) => x.status === 'fail')
    t.match(hidden, { name: '1. A hidden test', status: 'fail', message: /^A hidden test did not pass\./ })
    t.same(Object.keys(hidden ?? {}).sort(), ['message', 'name', 'status'], 'no request, expectation, answer or curl')
    t.match(view.message, new RegExp(`^1 of ${TODOS_TEST_COUNT} tests did not pass\\. First: 1\\. A hidden test: A hidden test did not pass\\.`))
    const raw = JSON.stringify(view)
    t.notOk(raw.includes('returned 200, expected 201') || raw.includes(HIDDEN), 'neither its name nor its feedback is anywhere')
    t.ok(view.tests.some((x) => x.name === '1. POST /todos defaults completed to false'), 'the other tests are as always')
  })

  t.test('its live events hide the name too', async (t) => {
    const res = await fetch(`${base}/api/v1/submissions/${view.id}/events`, { headers: { authorization: `Bearer ${app.account.token}` } })
    const events: EventSourceMessage[] = []
    const parser = createParser({ onEvent: (e) => { events.push(e) } })
    for await (const chunk of res.body ?? []) parser.feed(new TextDecoder().decode(chunk as Uint8Array))
    const text = events.map((e) => e.data).join('\n')
    t.match(text, /1\. A hidden test/)
    t.notOk(text.includes(HIDDEN))
  })

  t.test('an admin sees all of it', async (t) => {
    const admin = await signUp(app, 'admin')
    await app.pg.query("UPDATE users SET role = 'admin' WHERE id = $1", [admin.id])
    const full = (await app.inject({ url: `/api/v1/submissions/${view.id}`, headers: { authorization: `Bearer ${admin.token}` } })).json()
    t.match(full.tests.find((x: { status: string }) => x.status === 'fail'), { name: HIDDEN, message: 'POST /todos returned 200, expected 201', curl: /^curl / })
    t.match(full.message, /First: 1\. POST \/todos creates a todo and answers 201 with Location: POST \/todos returned 200/)
  })
})
