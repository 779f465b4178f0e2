// request() against real servers on 127.0.0.1: what a learner's server can answer (or do to
// the connection) always comes back as a result, never as a throw.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import t from 'tap'
import { DEFAULT_MAX_BODY_BYTES, request } from '@backlab/grader'
import { closedPort, httpServer, receive, tcpServer, type Received } from './local-server.js'

t.test('a JSON response is read in full and parsed', async (t) => {
  let got: Received | undefined
  const target = await httpServer(t, (req, res) => {
    void receive(req).then((received) => {
      got = received
      res.writeHead(201, 'Created', { 'Content-Type': 'application/json; charset=utf-8', 'X-Request-ID': 'abc' })
      res.end(JSON.stringify({ id: 7, title: 'Café ☕' }))
    })
  })
  const res = await request({ method: 'POST', path: '/todos?x=1', json: { title: 'Café ☕' }, target })
  t.equal(res.error, undefined)
  t.equal(res.status, 201)
  t.equal(res.statusText, 'Created')
  t.equal(res.httpVersion, '1.1')
  t.equal(res.headers['content-type'], 'application/json; charset=utf-8')
  t.equal(res.headers['x-request-id'], 'abc', 'header names come back lower-cased')
  t.same(res.json, { id: 7, title: 'Café ☕' })
  t.equal(res.jsonError, undefined)
  t.equal(res.text, '{"id":7,"title":"Café ☕"}')
  t.equal(res.bodyBytes, Buffer.byteLength(res.text))
  t.equal(res.truncated, false)
  t.same(res.request, {
    method: 'POST',
    path: '/todos?x=1',
    headers: { 'Content-Type': 'application/json' },
    json: { title: 'Café ☕' },
    body: '{"title":"Café ☕"}'
  })
  // What the server actually received.
  t.equal(got?.method, 'POST')
  t.equal(got?.url, '/todos?x=1')
  t.equal(got?.body.toString('utf8'), '{"title":"Café ☕"}')
  t.equal(got?.headers['content-type'], 'application/json')
  t.equal(got?.headers['content-length'], String(Buffer.byteLength('{"title":"Café ☕"}')))
  t.equal(got?.headers.connection, 'close', 'a fresh connection per request')
  t.equal(got?.headers['accept-encoding'], undefined, 'no compression asked for')
})

t.test('a Content-Type the suite sets is kept, whatever its case', async (t) => {
  let got: Received | undefined
  const target = await httpServer(t, (req, res) => {
    void receive(req).then((received) => { got = received; res.end() })
  })
  const res = await request({ method: 'PUT', path: '/x', json: [1], headers: { 'content-type': 'application/merge-patch+json' }, target })
  t.same(res.request.headers, { 'content-type': 'application/merge-patch+json' })
  t.equal(got?.headers['content-type'], 'application/merge-patch+json')
  t.equal(res.status, 200)
  t.equal(res.text, '')
  t.equal(res.json, undefined, 'an empty body is no JSON and no JSON error')
  t.equal(res.jsonError, undefined)
})

t.test('a body that is not JSON is text with a JSON error, not a throw', async (t) => {
  const target = await httpServer(t, (_req, res) => res.end('<h1>Hello</h1>'))
  const res = await request({ path: '/', target })
  t.equal(res.status, 200)
  t.equal(res.text, '<h1>Hello</h1>')
  t.equal(res.json, undefined)
  t.type(res.jsonError, 'string')
  t.equal(res.error, undefined)
})

t.test('a 10 MB body stops at the cap, quickly, and the connection is dropped', async (t) => {
  const tenMegabytes = Buffer.alloc(10 * 1024 * 1024, 'a')
  let serverSawClose!: () => void
  const closed = new Promise<void>((resolve) => { serverSawClose = resolve })
  const target = await httpServer(t, (_req, res) => {
    res.on('close', () => serverSawClose())
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': tenMegabytes.length })
    res.end(tenMegabytes)
  })
  const started = Date.now()
  const res = await request({ path: '/big', target })
  t.ok(Date.now() - started < 1500, `returned in ${Date.now() - started} ms`)
  t.equal(res.error, undefined)
  t.equal(res.status, 200)
  t.equal(res.truncated, true)
  t.equal(res.bodyBytes, DEFAULT_MAX_BODY_BYTES)
  t.equal(res.bodyBytes, 64 * 1024)
  t.equal(res.text, 'a'.repeat(64 * 1024))
  t.equal(res.json, undefined)
  t.equal(res.jsonError, `the body is over ${64 * 1024} bytes, so it was not read to the end`)
  await closed
})

t.test('an endless chunked body stops at the cap without growing memory', async (t) => {
  const chunk = Buffer.alloc(64 * 1024, 'x')
  let bytesWritten = 0
  let serverSawClose!: () => void
  const closed = new Promise<void>((resolve) => { serverSawClose = resolve })
  const target = await httpServer(t, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' })
    let open = true
    res.on('close', () => { open = false; serverSawClose() })
    const pump = (): void => {
      // eslint-disable-next-line no-unmodified-loop-condition -- the close event sets it between writes
      while (open && res.write(chunk)) bytesWritten += chunk.length
      if (open) res.once('drain', pump)
    }
    pump()
  })
  const heapBefore = process.memoryUsage().heapUsed
  const res = await request({ path: '/stream', maxBodyBytes: 100_000, target })
  t.equal(res.error, undefined)
  t.equal(res.status, 200)
  t.equal(res.truncated, true)
  t.equal(res.bodyBytes, 100_000, 'exactly maxBodyBytes kept')
  t.equal(res.text, 'x'.repeat(100_000))
  t.ok(res.durationMs < 1000, `returned in ${res.durationMs} ms`)
  await closed
  t.ok(bytesWritten < 50 * 1024 * 1024, `the server stopped writing after ${bytesWritten} bytes`)
  t.ok(process.memoryUsage().heapUsed - heapBefore < 50 * 1024 * 1024, 'the heap did not grow by the stream')
})

t.test('a body of exactly the cap is not truncated', async (t) => {
  const target = await httpServer(t, (_req, res) => res.end('y'.repeat(1000)))
  const res = await request({ path: '/', maxBodyBytes: 1000, target })
  t.equal(res.truncated, false)
  t.equal(res.bodyBytes, 1000)
  t.equal(res.error, undefined)
})

t.test('a 302 redirect is not followed', async (t) => {
  const paths: string[] = []
  const target = await httpServer(t, (req, res) => {
    paths.push(req.url ?? '')
    if (req.url === '/old') res.writeHead(302, { Location: '/new' }).end()
    else res.end('followed')
  })
  const res = await request({ path: '/old', target })
  t.equal(res.status, 302)
  t.equal(res.statusText, 'Found')
  t.equal(res.headers.location, '/new')
  t.equal(res.text, '')
  t.equal(res.error, undefined)
  t.same(paths, ['/old'], 'only the first request reached the server')
})

t.test('a gzip body comes back as the compressed bytes', async (t) => {
  const json = JSON.stringify({ id: 1, title: 'compressed '.repeat(20) })
  const gzipped = gzipSync(json)
  const target = await httpServer(t, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': gzipped.length })
    res.end(gzipped)
  })
  const res = await request({ path: '/todos/1', target })
  t.equal(res.error, undefined)
  t.equal(res.status, 200)
  t.equal(res.headers['content-encoding'], 'gzip')
  t.equal(res.bodyBytes, gzipped.length, 'the byte count is the compressed size')
  t.not(res.bodyBytes, Buffer.byteLength(json))
  t.ok(res.text.startsWith('\u001f\ufffd'), 'starts with the gzip magic (0x1f 0x8b, not UTF-8)')
  t.notOk(res.text.includes('compressed'), 'not decompressed')
  t.equal(res.json, undefined)
  t.type(res.jsonError, 'string')
})

t.test('a refused connection is an error result, not a throw', async (t) => {
  const target = await closedPort()
  const res = await request({ path: '/todos', target })
  t.equal(res.status, undefined)
  t.same(res.error, { code: 'ECONNREFUSED', message: 'connection refused — did your server crash? (see the server log)' })
  t.equal(res.text, '')
  t.equal(res.bodyBytes, 0)
  t.equal(res.request.path, '/todos')
  t.ok(res.durationMs < 1000)
})

t.test('a connection closed before any response is an error result', async (t) => {
  const target = await tcpServer(t, (socket) => {
    socket.once('data', () => socket.end())
  })
  const res = await request({ path: '/todos', target })
  t.equal(res.status, undefined)
  t.same(res.error, {
    code: 'ECONNRESET',
    message: 'the server closed the connection without sending a response — did it crash? (see the server log)'
  })
})

t.test('a connection reset in the middle of the body is an error result', async (t) => {
  const target = await tcpServer(t, (socket) => {
    socket.once('data', () => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"id":1,')
      setTimeout(() => socket.resetAndDestroy(), 50)
    })
  })
  const res = await request({ path: '/todos/1', target })
  t.equal(res.status, 200, 'the status line had arrived')
  t.same(res.error, { code: 'ECONNRESET', message: 'the server closed the connection before the response body was complete' })
  t.equal(res.text, '{"id":1,', 'the part that arrived is kept')
  t.equal(res.json, undefined, 'an incomplete body is not parsed')
})

t.test('a connection closed cleanly in the middle of a chunked body is an error result', async (t) => {
  const target = await tcpServer(t, (socket) => {
    socket.once('data', () => {
      socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n')
      setTimeout(() => socket.end(), 50)
    })
  })
  const res = await request({ path: '/', target })
  t.equal(res.status, 200)
  t.equal(res.error?.code, 'ECONNRESET')
  t.equal(res.text, 'abcd')
})

t.test('bytes that are not HTTP are an error result', async (t) => {
  const target = await tcpServer(t, (socket) => {
    socket.end('garbage \u0000\u00ff not http at all\r\n\r\n')
  })
  const res = await request({ path: '/', target })
  t.equal(res.status, undefined)
  t.match(res.error, { code: /^HPE_/, message: /^the response is not valid HTTP \(.+\)$/ })
})

t.test('an invalid header line is an error result', async (t) => {
  const target = await tcpServer(t, (socket) => {
    socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nBad Header Name: x\r\nContent-Length: 0\r\n\r\n'))
  })
  const res = await request({ path: '/', target })
  t.equal(res.status, undefined)
  t.match(res.error, { code: /^HPE_/, message: /^the response is not valid HTTP/ })
})

// Regression: node's http.request throws
// synchronously for a path it cannot send (a space, a non-Latin-1 character) or a header value
// with a newline. request() then rejects, and its timer later calls settle() → req.destroy()
// on an undefined req: an uncaught TypeError that kills the suite. Run in a child process so
// that crash cannot take this file down.
t.test('a request node cannot send is an error result, not a rejection', async (t) => {
  const script = `
    import { request } from '@backlab/grader'
    const outcomes = []
    process.on('uncaughtException', (error) => { outcomes.push('uncaught: ' + error.message) })
    for (const options of [{ path: '/todos/a b' }, { path: '/', headers: { 'X-Title': 'a\\nb' } }]) {
      try {
        const res = await request({ ...options, timeoutMs: 50, target: new URL('http://127.0.0.1:9') })
        outcomes.push('resolved: ' + (res.error && res.error.code))
      } catch (error) {
        outcomes.push('rejected: ' + error.code)
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
    console.log(JSON.stringify(outcomes))
  `
  const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot })
  const outcomes = JSON.parse(stdout) as string[]
  t.equal(outcomes.length >= 2, true, `the child ran both requests: ${stdout.trim()}`)
  t.equal(outcomes.filter((o) => o.startsWith('resolved: ')).length, 2, 'both resolve with an error')
  t.same(outcomes.filter((o) => o.startsWith('uncaught: ')), [], 'nothing is thrown later')
})
