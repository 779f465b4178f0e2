import t from 'tap'
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
