// A database that is too busy to hand out a connection is an overload: the request never reached
// it, so the answer is a 503 with Retry-After, never a 500. Both of node-postgres's ways of saying
// so are met for real: a pool whose connections are all taken, and a server that accepts the TCP
// connection but does not answer within the pool's connection timeout (a loaded host).
import { createServer, type Socket } from 'node:net'
import Fastify from 'fastify'
import t from 'tap'
import errorHandler from '../../../services/api/plugins/error-handler.js'
import { createPool } from '../../../services/platform/db/pool.js'

t.test('no database connection within the timeout is 503 SERVICE_BUSY', async (t) => {
  // Takes connections and never answers, as a PostgreSQL too loaded to fork a backend in time.
  const sockets = new Set<Socket>()
  const silent = createServer((socket) => { sockets.add(socket) })
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  const port = (silent.address() as { port: number }).port
  const pool = createPool(`postgres://app:app@127.0.0.1:${port}/app`)
  const app = Fastify()
  await app.register(errorHandler)
  app.get('/read', async () => (await pool.query('SELECT 1')).rows)
  t.teardown(async () => {
    await app.close()
    for (const s of sockets) s.destroy()
    await pool.end().catch(() => {})
    silent.close()
  })

  const res = await app.inject({ url: '/read' })
  t.equal(res.statusCode, 503, res.body)
  t.equal(res.headers['retry-after'], '2')
  t.match(res.json().error, { code: 'SERVICE_BUSY', message: /Try again in 2 s; nothing was stored/ })
})
