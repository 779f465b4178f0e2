import fp from 'fastify-plugin'
import type { Redis } from 'ioredis'
import type { Config } from '../../platform/config.js'
import { createPool, type Pool } from '../../platform/db/pool.js'
import { migrate } from '../../platform/db/migrate.js'
import { createDockerEngine, type DockerEngine } from '../../platform/docker/docker-engine.js'
import { createGradeQueue, type GradeQueue } from '../../submission/grade-queue.js'
import { createRedis, redisOptions } from '../../platform/redis.js'
import { createStatusEvents, type StatusEvents } from '../../submission/status-events.js'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    pg: Pool
    redis: Redis
    gradeQueue: GradeQueue
    docker: DockerEngine
    statusEvents: StatusEvents
  }
}

/**
 * The API's external clients: Postgres (migrated at boot), Redis with the grading queue, and
 * Docker (only pinged by /health; the API never starts containers). Each is closed on shutdown.
 */
export default fp<{ config: Config }>(async (app, { config }) => {
  app.decorate('config', config)

  const pool = createPool(config.DATABASE_URL, (err) => { app.log.warn({ err: err.message }, 'idle database connection lost') }, config)
  app.decorate('pg', pool)
  app.addHook('onClose', async () => { await pool.end() })
  await migrate(pool)

  const statusEvents = createStatusEvents(config.DATABASE_URL, app.log)
  await statusEvents.start()
  app.decorate('statusEvents', statusEvents)
  app.addHook('onClose', async () => { await statusEvents.close() })

  // /health pings Redis on its own client; the queue owns its connection, so it can close it
  // cleanly even when Redis never answered.
  const redis = createRedis(config.REDIS_URL, 'producer', config.REDIS_CONNECT_TIMEOUT_MS)
  // Without a listener ioredis reports connection errors as unhandled; /health reports them instead.
  redis.on('error', (err) => { app.log.warn({ err: err.message }, 'redis connection error') })
  const gradeQueue = createGradeQueue(config.QUEUE_NAME, redisOptions(config.REDIS_URL, 'producer', config.REDIS_CONNECT_TIMEOUT_MS), config.JOB_ATTEMPTS, config.JOB_BACKOFF_MS)
  gradeQueue.queue.on('error', (err) => { app.log.warn({ err: err.message }, 'queue error') })
  app.decorate('redis', redis)
  app.decorate('gradeQueue', gradeQueue)
  app.addHook('onClose', async () => {
    await gradeQueue.close()
    redis.disconnect()
  })

  app.decorate('docker', createDockerEngine(config.DOCKER_SOCKET))
}, { name: 'clients' })
