// The event stream of a submission, against a real API (listening on a port), worker and
// containers: each test as the grader reports it, then the result, then the end.
import t from 'tap'
import { createParser, type EventSourceMessage } from 'eventsource-parser'
import { readFileTree } from '../../../services/shared/exercise/file-tree.js'
import { build, signUp } from '../../helpers/build-app.js'
import { startWorker, submit, waitForResult } from '../../helpers/grading.js'
import { isolatedConfig } from '../../helpers/test-config.js'
import { TODOS_TEST_COUNT } from '../../helpers/todos-suite.js'

t.setTimeout(3 * 60_000)

async function readEvents (url: string, token: string): Promise<{ status: number, events: EventSourceMessage[], body?: string }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
  if (res.status !== 200) return { status: res.status, events: [], body: await res.text() }
  const events: EventSourceMessage[] = []
  const parser = createParser({ onEvent: (e) => { events.push(e) } })
  const decoder = new TextDecoder()
  for await (const chunk of res.body ?? []) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }))
  return { status: res.status, events }
}

t.test('GET /api/v1/submissions/:id/events', async (t) => {
  const config = await isolatedConfig(t)
  const app = await build(t, config)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`
  await startWorker(t, config)
  const solution = await readFileTree('exercises/todos-crud/solution/node')

  const id = await submit(app, 'todos-crud', solution)
  const { status, events } = await readEvents(`${base}/api/v1/submissions/${id}/events`, app.account.token)
  t.equal(status, 200)
  const kinds = events.map((e) => e.event)
  t.equal(kinds.at(-1), 'result', 'the result comes last, then the stream ends')
  t.ok(kinds.includes('status'), 'the status is announced')
  const tests = events.filter((e) => e.event === 'test').map((e) => JSON.parse(e.data) as { n: number, name: string, status: string })
  t.equal(tests.length, TODOS_TEST_COUNT, 'every test, one event each, as the grader reported it')
  t.same(tests.map((x) => x.n), Array.from({ length: TODOS_TEST_COUNT }, (_, i) => i + 1), 'in order')
  t.ok(tests.every((x) => x.status === 'pass'))
  t.match(tests[0], { name: /^1\. POST \/todos/ })
  const result = JSON.parse(events.at(-1)?.data ?? '{}')
  t.match(result, { id, status: 'passed', score: TODOS_TEST_COUNT, maxScore: TODOS_TEST_COUNT })
  t.same(result.tests.map((x: { name: string }) => x.name), tests.map((x) => x.name), 'the same tests as the stored result')

  const late = await readEvents(`${base}/api/v1/submissions/${id}/events`, app.account.token)
  t.same(late.events.map((e) => e.event), ['result'], 'a watcher who comes after the grading gets the result at once')

  const other = await signUp(app, 'other')
  const theirs = await readEvents(`${base}/api/v1/submissions/${id}/events`, other.token)
  t.equal(theirs.status, 404, 'nobody else watches it')
  const anonymous = await fetch(`${base}/api/v1/submissions/${id}/events`)
  t.equal(anonymous.status, 401)
  await waitForResult(app, id)
})
