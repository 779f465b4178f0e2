// The event stream of a submission, against a real API (listening on a port), worker and
// containers: each test as the grader reports it, then the result, then the end.
import t from 'tap'
import { createParser, type EventSourceMessage } from 'eventsource-parser'
import { readFileTree } from '../../../services/platform/file-tree.js'
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

t.test('event streams are capped per account and per address: the one past the cap gets 429', async (t) => {
  const config = await isolatedConfig(t, { EVENT_STREAMS_PER_USER: '2', EVENT_STREAMS_PER_ADDRESS: '3' })
  const app = await build(t, config)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`
  // No worker: the submission stays queued and every stream on it stays open.
  const id = await submit(app, 'todos-crud', await readFileTree('exercises/todos-crud/solution/node'))
  const other = await signUp(app, 'other')
  const open: AbortController[] = []
  t.teardown(() => { for (const c of open) c.abort() })
  const watch = async (token: string, submission = id): Promise<Response> => {
    const controller = new AbortController()
    open.push(controller)
    const res = await fetch(`${base}/api/v1/submissions/${submission}/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal })
    return res
  }

  t.equal((await watch(app.account.token)).status, 200)
  t.equal((await watch(app.account.token)).status, 200)
  const third = await watch(app.account.token)
  t.equal(third.status, 429, 'a third stream of one account')
  t.match(await third.json(), { error: { code: 'TOO_MANY_STREAMS', message: /You have 2 event streams open, the most one account may/ } })
  t.ok(Number(third.headers.get('retry-after')) > 0, 'with Retry-After')

  // Another account from the same address: its own streams count, and the address's too.
  const theirs = (await submitAs(app, other.token, 'todos-crud', await readFileTree('exercises/todos-crud/solution/node')))
  t.equal((await watch(other.token, theirs)).status, 200, 'the address\'s third')
  const fourth = await watch(other.token, theirs)
  t.equal(fourth.status, 429, 'the address\'s fourth')
  t.match(await fourth.json(), { error: { code: 'TOO_MANY_STREAMS', message: /Your address has 3 event streams open/ } })

  open[0]?.abort()
  let again = 0
  for (let i = 0; i < 50 && again !== 200; i++) {
    again = (await watch(app.account.token)).status
    if (again !== 200) await new Promise((resolve) => setTimeout(resolve, 100))
  }
  t.equal(again, 200, 'a closed stream gives its place back')
  const refused = await fetch(`${base}/api/v1/submissions/00000000-0000-4000-8000-000000000000/events`, { headers: { authorization: `Bearer ${other.token}` } })
  t.equal(refused.status, 429, 'counted before anything else')
  // A package validation's stream holds the same socket and listeners: it counts with the others.
  const validation = await fetch(`${base}/api/v1/exercise-packages/00000000-0000-4000-8000-000000000000/events`, { headers: { authorization: `Bearer ${other.token}` } })
  t.equal(validation.status, 429, 'a validation stream past the cap too')
})

async function submitAs (app: Awaited<ReturnType<typeof build>>, token: string, exercise: string, files: Record<string, string>): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/submissions', headers: { authorization: `Bearer ${token}` }, payload: { exercise, files } })
  if (res.statusCode !== 202) throw new Error(res.body)
  return res.json().id as string
}
