// An instructor's grader that prints 2000 `ok` lines after its report: progress is announced for
// the real tests only, one write each, not one per line (issue 16: 2000 lines were 2001 updates
// of a growing array, 14 s of a worker and the shared database).
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import pg from 'pg'
import { build } from '../helpers/build-app.js'
import { startWorker, submit, waitForResult } from '../helpers/grading.js'
import { isolatedConfig } from '../helpers/test-config.js'
import { readFileTree } from '../../services/platform/file-tree.js'

t.setTimeout(3 * 60_000)

const FLOOD_SUITE = `import t from 'tap'
import { expectStatus, graded, request } from '@backlab/grader'
const test = graded(t)
test('1. GET /todos answers 200', async (t) => { expectStatus(t, await request({ path: '/todos' }), 200) })
test('2. GET /todos answers again', async (t) => { expectStatus(t, await request({ path: '/todos' }), 200) })
// After the report: TAP-looking lines a watcher must not be told of, one write each.
t.on('end', () => { for (let i = 0; i < 2000; i++) process.stdout.write('ok ' + (i + 3) + ' - flood ' + i + '\\n') })
`

t.test('a grader flooding ok lines costs a write per real test', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'backlab-flood-'))
  t.teardown(async () => { await rm(root, { recursive: true, force: true }) })
  await cp('exercises/todos-crud', join(root, 'todos-crud'), { recursive: true })
  await writeFile(join(root, 'todos-crud', 'grader', 'todos.test.mjs'), FLOOD_SUITE)

  const config = await isolatedConfig(t, { EXERCISES_DIR: root, JOB_BACKOFF_MS: '100' })
  const app = await build(t, config)
  const listener = new pg.Client({ connectionString: config.DATABASE_URL })
  await listener.connect()
  t.teardown(async () => { await listener.end() })
  const announced: Array<{ id: string, attempt: number, test: { n: number, name: string } }> = []
  listener.on('notification', (msg) => { if (msg.channel === 'submission_progress') announced.push(JSON.parse(msg.payload ?? '{}')) })
  await listener.query('LISTEN submission_progress')
  await startWorker(t, config)

  const started = Date.now()
  const id = await submit(app, 'todos-crud', await readFileTree('exercises/todos-crud/solution/node'))
  const view = await waitForResult(app, id, 150_000)
  t.comment(`graded ${view.status} ${String(view.verdict)} in ${Date.now() - started} ms, attempts ${view.attempts}`)
  await new Promise((resolve) => setTimeout(resolve, 300))
  const mine = announced.filter((a) => a.id === id)
  const perAttempt = new Map<number, string[]>()
  for (const a of mine) perAttempt.set(a.attempt, [...perAttempt.get(a.attempt) ?? [], a.test.name])
  for (const [attempt, names] of perAttempt) {
    t.same(names, ['1. GET /todos answers 200', '2. GET /todos answers again'], `attempt ${attempt}: the real tests, once each, nothing after the report`)
  }
  t.ok(mine.length <= 2 * view.attempts, `${mine.length} writes for ${view.attempts} attempt(s), not one per line`)
})
