// The expect* assertions: the one-line message and the diagnostic fields a learner sees.
// Responses come from request() against a real local server; `t` is a recorder.
import t, { type Test as Tap } from 'tap'
import { expectHeader, expectJson, expectJsonBody, expectStatus, matcher, request, type Reporter } from '@backlab/grader'
import { closedPort, httpServer } from './local-server.js'

interface Call {
  kind: 'pass' | 'fail'
  message: string
  extra?: Record<string, unknown>
}

function recorder (): Reporter & { calls: Call[] } {
  const calls: Call[] = []
  return {
    calls,
    pass: (message) => calls.push({ kind: 'pass', message }),
    fail: (message, extra) => calls.push({ kind: 'fail', message, extra })
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '/ct/charset': 'application/json; charset=utf-8',
  '/ct/shouting': 'Application/JSON;Charset=UTF-8',
  '/ct/text': 'text/plain',
  '/ct/problem': 'application/problem+json'
}

/** A server whose answers the tests below rely on, and BACKLAB_TARGET pointing at it. */
async function server (tt: Tap): Promise<URL> {
  const target = await httpServer(tt, (req, res) => {
    if (req.method === 'POST' && req.url === '/todos') {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end('{"id":1,"title":"Buy milk"}')
    } else if (req.url === '/headers') {
      res.writeHead(204, { 'x-REQUEST-id': 'abc-123', LOCATION: '/todos/1' }).end()
    } else if (req.url === '/big') {
      // 65536 bytes end in the middle of an é: 11 ASCII bytes, then 2-byte characters.
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ title: `x${'é'.repeat(50_000)}` }))
    } else if (req.url === '/ct/none') {
      res.end('{"id":1}') // node adds no Content-Type of its own
    } else if (req.url !== undefined && req.url in CONTENT_TYPES) {
      res.writeHead(200, { 'Content-Type': CONTENT_TYPES[req.url] }).end('{"id":1}')
    } else {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"id":')
    }
  })
  const before = process.env.BACKLAB_TARGET
  process.env.BACKLAB_TARGET = target.href
  tt.teardown(() => {
    if (before === undefined) delete process.env.BACKLAB_TARGET
    else process.env.BACKLAB_TARGET = before
  })
  return target
}

t.test('a status mismatch says what was sent, what was expected, what came back, and how to replay it', async (t) => {
  const target = await server(t)
  const res = await request({ method: 'POST', path: '/todos', json: { title: 'Buy milk' } })
  const r = recorder()
  t.equal(expectStatus(r, res, 201), false)
  t.same(r.calls, [{
    kind: 'fail',
    message: 'POST /todos returned 200, expected 201',
    extra: {
      at: null,
      request: 'POST /todos\nContent-Type: application/json\n\n{\n  "title": "Buy milk"\n}',
      expected: 'status 201 Created',
      actual: 'HTTP/1.1 200 OK\nContent-Type: application/json; charset=utf-8\n\n{"id":1,"title":"Buy milk"}',
      curl: `curl -i -X POST http://localhost:${target.port}/todos -H 'Content-Type: application/json' -d '{"title":"Buy milk"}'`
    }
  }])
})

t.test('a note and an expected text go into the message and the diagnostics', async (t) => {
  await server(t)
  const res = await request({ method: 'POST', path: '/todos', json: { title: 'Buy milk' } })
  const r = recorder()
  t.equal(expectStatus(r, res, [201, 202], { note: 'creating a todo for this test', expected: 'the created todo' }), false)
  t.equal(r.calls.length, 1)
  t.equal(r.calls[0]?.message, 'POST /todos (creating a todo for this test) returned 200, expected 201')
  t.equal(r.calls[0]?.extra?.expected, 'the created todo')
})

t.test('any status of a list passes, with a pass naming the status', async (t) => {
  await server(t)
  const res = await request({ method: 'POST', path: '/todos', json: { title: 'Buy milk' } })
  const r = recorder()
  t.equal(expectStatus(r, res, [201, 200]), true)
  t.same(r.calls, [{ kind: 'pass', message: 'POST /todos answered 200' }])
})

t.test('no response at all fails every assertion with the network error', async (t) => {
  const target = await closedPort()
  const res = await request({ path: '/todos', target })
  for (const check of [
    (r: Reporter) => expectStatus(r, res, 200),
    (r: Reporter) => expectJson(r, res),
    (r: Reporter) => expectHeader(r, res, 'Location', '/x')
  ]) {
    const r = recorder()
    t.equal(check(r), false)
    t.equal(r.calls.length, 1)
    t.equal(r.calls[0]?.message, 'GET /todos failed: connection refused — did your server crash? (see the server log)')
    t.equal(r.calls[0]?.extra?.actual, '(connection refused — did your server crash? (see the server log))')
  }
})

t.test('header names are case-insensitive, in the response and in the assertion', async (t) => {
  await server(t)
  const res = await request({ path: '/headers' })
  for (const name of ['X-Request-Id', 'x-request-id', 'X-REQUEST-ID', 'x-REQUEST-id']) {
    const r = recorder()
    t.equal(expectHeader(r, res, name, 'abc-123'), true, name)
    t.same(r.calls, [{ kind: 'pass', message: 'GET /headers answered a matching X-Request-Id header' }])
  }
  const r = recorder()
  t.equal(expectHeader(r, res, 'location', matcher('a path to the todo', (v) => /^\/todos\/\d+$/.test(String(v)))), true)
  t.equal(r.calls[0]?.kind, 'pass')
})

t.test('a header mismatch shows the header it was about', async (t) => {
  await server(t)
  const res = await request({ path: '/headers' })
  const r = recorder()
  t.equal(expectHeader(r, res, 'x-request-id', 'xyz'), false)
  t.equal(r.calls[0]?.message, 'GET /headers returned X-Request-Id: abc-123, expected xyz')
  t.equal(r.calls[0]?.extra?.expected, 'a X-Request-Id header: xyz')
  t.equal(r.calls[0]?.extra?.actual, 'HTTP/1.1 204 No Content\nLocation: /todos/1\nX-Request-Id: abc-123\n\n(empty body)')
  const missing = recorder()
  t.equal(expectHeader(missing, res, 'ETag', '"v1"'), false)
  t.equal(missing.calls[0]?.message, 'GET /headers returned no ETag header, expected "v1"')
})

t.test('application/json with parameters, in any case, is JSON', async (t) => {
  await server(t)
  for (const path of ['/ct/charset', '/ct/shouting']) {
    const r = recorder()
    t.equal(expectJson(r, await request({ path })), true, path)
    t.same(r.calls, [{ kind: 'pass', message: `GET ${path} answered a JSON body` }])
  }
})

t.test('another Content-Type, or none, is not JSON even with a JSON body', async (t) => {
  await server(t)
  const cases: Array<[string, string]> = [
    ['/ct/text', 'GET /ct/text returned Content-Type: text/plain, expected application/json'],
    ['/ct/problem', 'GET /ct/problem returned Content-Type: application/problem+json, expected application/json'],
    ['/ct/none', 'GET /ct/none returned no Content-Type header, expected application/json']
  ]
  for (const [path, message] of cases) {
    const res = await request({ path })
    const r = recorder()
    t.equal(expectJson(r, res), false, path)
    t.equal(r.calls[0]?.message, message)
    t.equal(r.calls[0]?.extra?.expected, 'Content-Type: application/json and a JSON body')
    const body = recorder()
    t.equal(expectJsonBody(body, res), true, `${path}: the body alone is JSON`)
  }
})

t.test('a JSON Content-Type with a body that does not parse fails', async (t) => {
  await server(t)
  const res = await request({ path: '/broken' })
  const r = recorder()
  t.equal(expectJson(r, res), false)
  t.equal(r.calls[0]?.message, 'GET /broken returned a body that is not valid JSON, expected JSON')
  t.match(r.calls[0]?.extra?.actual, /^HTTP\/1\.1 200 OK\nContent-Type: application\/json\n\n\{"id":\n\n\(not valid JSON: .+\)$/)
})

t.test('a body over the cap fails as too large and is shown as text', async (t) => {
  await server(t)
  const res = await request({ path: '/big' })
  t.equal(res.truncated, true)
  const r = recorder()
  t.equal(expectJsonBody(r, res), false)
  t.equal(r.calls[0]?.message, 'GET /big returned a body too large to read, expected JSON')
  // Regression: the cap cuts the last
  // character in half, the U+FFFD that decoding leaves makes looksBinary() true, and the
  // learner is told their JSON is "binary data, not text".
  t.match(r.calls[0]?.extra?.actual, /^HTTP\/1\.1 200 OK\nContent-Type: application\/json\n\n\{"title":"xéé/,
    'the start of the body is shown')
})
