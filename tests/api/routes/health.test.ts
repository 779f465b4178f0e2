import t from 'tap'
import pg from 'pg'
import { build } from '../../helpers/build-app.js'
import { isolatedConfig } from '../../helpers/test-config.js'

t.test('GET /health is ok when Postgres, Redis and Docker answer', async (t) => {
  const app = await build(t, await isolatedConfig(t))
  const res = await app.inject({ url: '/health' })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'ok', checks: { postgres: { ok: true }, redis: { ok: true }, docker: { ok: true } } })
})

t.test('GET /health is 503 and names what is down', async (t) => {
  const app = await build(t, await isolatedConfig(t, { REDIS_URL: 'redis://127.0.0.1:1', DOCKER_SOCKET: '/nonexistent.sock' }))
  const res = await app.inject({ url: '/health' })
  t.equal(res.statusCode, 503)
  t.match(res.json(), { status: 'unavailable', checks: { postgres: { ok: true }, redis: { ok: false, error: String }, docker: { ok: false, error: String } } })
})

t.test('unknown routes answer a JSON 404, and /docs serves the OpenAPI document', async (t) => {
  const app = await build(t, await isolatedConfig(t))
  const missing = await app.inject({ url: '/api/v1/nothing-here' })
  t.equal(missing.statusCode, 404)
  t.match(missing.json(), { error: { code: 'NOT_FOUND', message: /GET \/api\/v1\/nothing-here/ } })
  const doc = await app.inject({ url: '/docs/json' })
  t.equal(doc.statusCode, 200)
  t.ok(doc.json().paths['/api/v1/submissions'], 'documents the submissions route')
  t.equal((await app.inject({ url: '/docs' })).statusCode < 400, true)
})

t.test('the API outlives Postgres ending its idle connections, and answers on new ones', async (t) => {
  const config = await isolatedConfig(t)
  const app = await build(t, config)
  t.equal((await app.inject({ url: '/api/v1/submissions' })).statusCode, 200, 'the pool holds idle connections now')
  const admin = new pg.Client({ connectionString: config.DATABASE_URL })
  await admin.connect()
  t.teardown(async () => { await admin.end() })
  const ended = await admin.query(
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle' AND query NOT LIKE 'LISTEN%'")
  t.ok(ended.rowCount !== null && ended.rowCount > 0, `ended ${ended.rowCount ?? 0} idle connections`)
  // pg reports the loss on the pool; without a listener that would end this process.
  await new Promise((resolve) => setTimeout(resolve, 200))
  t.equal((await app.inject({ url: '/api/v1/submissions' })).statusCode, 200)
  t.equal((await app.inject({ url: '/health' })).statusCode, 200)
})
