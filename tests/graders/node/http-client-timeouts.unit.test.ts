// request() against servers that never finish answering. In its own file (its own process):
// the client counts timeouts for the whole process and shortens later timeouts after a few.
import type { Socket } from 'node:net'
import t, { type Test as Tap } from 'tap'
import { HANGS_BEFORE_SHORTER_TIMEOUT, SHORTER_TIMEOUT_MS, request } from '@backlab/grader'
import { tcpServer } from './local-server.js'

async function silentServer (tt: Tap): Promise<URL> {
  return await tcpServer(tt, (_socket: Socket) => { /* accepts, reads nothing, answers nothing */ })
}

t.test('a server that accepts and never answers is an error result after the timeout', async (t) => {
  const target = await silentServer(t)
  const started = Date.now()
  const res = await request({ path: '/todos', timeoutMs: 300, target })
  const took = Date.now() - started
  t.ok(took >= 290 && took < 1000, `returned after ${took} ms`)
  t.ok(res.durationMs >= 290 && res.durationMs < 1000, `durationMs ${res.durationMs}`)
  t.equal(res.status, undefined)
  t.same(res.error, { code: 'TIMEOUT', message: 'no response within 300 ms' })
})

t.test('a body that never ends is an error result after the timeout, with what arrived', async (t) => {
  const target = await tcpServer(t, (socket) => {
    socket.once('data', () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{"id":'))
  })
  const res = await request({ path: '/todos/1', timeoutMs: 300, target })
  t.equal(res.status, 200)
  t.same(res.error, { code: 'TIMEOUT', message: 'the response started (status 200) but its body did not end within 300 ms' })
  t.equal(res.text, '{"id":')
  t.equal(res.json, undefined)
})

t.test(`after ${HANGS_BEFORE_SHORTER_TIMEOUT} timeouts, the default timeout is shortened`, async (t) => {
  t.equal(HANGS_BEFORE_SHORTER_TIMEOUT, 3)
  t.equal(SHORTER_TIMEOUT_MS, 500)
  const target = await silentServer(t)
  // Two timed out above; one more reaches the threshold whatever order the tests ran in.
  for (let i = 0; i < HANGS_BEFORE_SHORTER_TIMEOUT; i++) {
    const res = await request({ path: '/', timeoutMs: 50, target })
    t.equal(res.error?.code, 'TIMEOUT')
  }
  const res = await request({ path: '/todos', target })
  t.ok(res.durationMs >= 490 && res.durationMs < 1500, `the default 2000 ms became ${res.durationMs} ms`)
  t.same(res.error, {
    code: 'TIMEOUT',
    message: `no response within ${SHORTER_TIMEOUT_MS} ms (shortened after ${HANGS_BEFORE_SHORTER_TIMEOUT} requests got no answer)`
  })
  // A timeout shorter than the shortened one is kept as asked.
  const quick = await request({ path: '/', timeoutMs: 100, target })
  t.same(quick.error, { code: 'TIMEOUT', message: 'no response within 100 ms' })
})
