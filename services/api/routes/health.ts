import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

const Check = Type.Object({ ok: Type.Boolean(), error: Type.Optional(Type.String()) })
const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  checks: Type.Object({ postgres: Check, redis: Check, docker: Check })
})

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/health', {
    schema: {
      tags: ['health'],
      summary: 'Whether Postgres, Redis and Docker answer',
      response: { 200: HealthSchema, 503: HealthSchema }
    }
  }, async (_request, reply) => {
    const [postgres, redis, docker] = await Promise.all([
      probe(async () => { await app.pg.query('SELECT 1') }, app.config.HEALTH_CHECK_TIMEOUT_MS),
      probe(async () => { await app.redis.ping() }, app.config.HEALTH_CHECK_TIMEOUT_MS),
      probe(async () => { await app.docker.ping() }, app.config.HEALTH_CHECK_TIMEOUT_MS)
    ])
    const ok = postgres.ok && redis.ok && docker.ok
    return await reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks: { postgres, redis, docker } })
  })
}

async function probe (check: () => Promise<void>, timeoutMs: number): Promise<{ ok: boolean, error?: string }> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => { reject(new Error(`no answer within ${timeoutMs} ms`)) }, timeoutMs)
  })
  try {
    await Promise.race([check(), timeout])
    return { ok: true }
  } catch (err) {
    return { ok: false, error: (err as Error).message }
  } finally {
    clearTimeout(timer)
  }
}

export default healthRoutes
