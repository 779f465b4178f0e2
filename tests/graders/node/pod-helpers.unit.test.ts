// The grader library's helpers for pods with more than one server that need no database: tokens
// for the JWT checks, Set-Cookie reading, and restarting the learner's server. Against real servers
// and real child processes. db(), against a real Postgres, is in pod-helpers.test.ts.
import { spawn, type ChildProcess } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { once } from 'node:events'
import t from 'tap'
import { cookieHeader, cookiesSet, decodeJwt, request, restartServer, signJwt, verifyHs256 } from '@backlab/grader'
import { closedPort, httpServer } from './local-server.js'

t.test('signJwt makes the tokens a guard must accept and refuse', async (t) => {
  const token = signJwt({ sub: '42', exp: 2_000_000_000 }, 'secret')
  const [head, body, signature] = token.split('.')
  t.equal(signature, createHmac('sha256', 'secret').update(`${head}.${body}`).digest('base64url'), 'HS256 over header.payload')
  t.same(decodeJwt(token), { header: { alg: 'HS256', typ: 'JWT' }, payload: { sub: '42', exp: 2_000_000_000 } })
  t.ok(verifyHs256(token, 'secret'))
  t.notOk(verifyHs256(token, 'other'), 'another secret')
  t.notOk(verifyHs256(signJwt({ sub: '42' }, 'secret', { header: { alg: 'HS512' } }), 'secret'), 'a header that lies about alg')
  const none = signJwt({ sub: '42' }, '', { alg: 'none' })
  t.match(none, /^[\w-]+\.[\w-]+\.$/, 'alg none: empty signature')
  t.equal(decodeJwt(none)?.header.alg, 'none')
  t.equal(signJwt({}, 's', { signature: 'forged' }).split('.')[2], 'forged')
  t.equal(decodeJwt('a.b'), undefined)
  t.equal(decodeJwt('!!.!!.!!'), undefined)
})

t.test('cookiesSet reads every Set-Cookie header, attributes in any case', async (t) => {
  const target = await httpServer(t, (_req, res) => {
    res.setHeader('Set-Cookie', ['sid=abc%20d; path=/; HTTPONLY; samesite=lax', 'theme=dark; Max-Age=60; Secure'])
    res.end('{}')
  })
  const res = await request({ path: '/', target })
  const cookies = cookiesSet(res)
  t.match(cookies, [
    { name: 'sid', value: 'abc%20d', path: '/', httpOnly: true, sameSite: 'lax' },
    { name: 'theme', value: 'dark', maxAge: 60, secure: true }
  ])
  t.equal(cookieHeader(cookies), 'sid=abc%20d; theme=dark', 'values sent back exactly as received')
  t.same(cookiesSet({ headers: {} }), [])
})

/** A server in a child process, like the learner's app under its supervisor. */
function startServer (port: number, generation: number): ChildProcess {
  const child = spawn(process.execPath, ['-e', `
    require('node:http').createServer((req, res) => res.end(JSON.stringify({ generation: ${generation} })))
      .listen(${port}, '127.0.0.1')
  `], { stdio: 'ignore' })
  return child
}

async function waitListening (target: URL): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await request({ path: '/', target, timeoutMs: 200 })).status === 200) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('the test server did not start')
}

t.test('restartServer asks with the token, sees the old process go and the new one listen', async (t) => {
  const target = await closedPort()
  const port = Number(target.port)
  let server = startServer(port, 1)
  t.teardown(() => { server.kill('SIGKILL') })
  await waitListening(target)

  const asked: string[] = []
  // What the worker and the supervisor do, played by the test: kill the app, start it again.
  const output = {
    write (text: string) {
      asked.push(text)
      if (text.includes('# backlab-restart-server tok-123')) {
        const old = server
        old.kill('SIGTERM')
        void once(old, 'exit').then(() => { server = startServer(port, 2) })
      }
      return true
    }
  }
  const result = await restartServer({ env: { BACKLAB_CONTROL_TOKEN: 'tok-123' }, target, output, readyTimeoutMs: 5000 })
  t.match(result, { ok: true, stoppedMs: Number, readyMs: Number })
  t.same(asked, ['\n# backlab-restart-server tok-123\n'], 'one request, on a line of its own')
  t.match((await request({ path: '/', target })).json, { generation: 2 }, 'the next request reaches the new process')

  await t.rejects(restartServer({ env: {}, target, output }), /only works inside a Backlab pod/)
})

t.test('restartServer reports a server that does not come back, in words for the learner', async (t) => {
  const target = await closedPort()
  const server = startServer(Number(target.port), 1)
  t.teardown(() => { server.kill('SIGKILL') })
  await waitListening(target)
  const output = { write: () => { server.kill('SIGKILL'); return true } }
  const result = await restartServer({ env: { BACKLAB_CONTROL_TOKEN: 'x' }, target, output, readyTimeoutMs: 300 })
  t.match(result, { ok: false, reason: /did not accept connections within 300 ms — did it crash on its second start/ })
})

t.test('restartServer fails loudly when nobody restarts the server', async (t) => {
  const target = await httpServer(t, (_req, res) => res.end('{}'))
  await t.rejects(restartServer({ env: { BACKLAB_CONTROL_TOKEN: 'x' }, target, output: { write: () => true }, stopTimeoutMs: 300 }),
    /the platform did not restart the server within 300 ms/)
})
