import type { Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../services/shared/config.js'
import { buildApp } from '../../services/api/app.js'

/** Builds the real API against the test's own database and queue, and closes it afterwards. */
export async function build (t: Test, config: Config): Promise<FastifyInstance> {
  const app = await buildApp(config, { logger: false })
  t.teardown(async () => {
    // Tests that point the app at a dead Redis have no queue to clean.
    if (app.redis.status === 'ready') await app.gradeQueue.queue.obliterate({ force: true })
    await app.close()
  })
  return app
}
