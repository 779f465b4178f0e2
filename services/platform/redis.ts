import { Redis, type RedisOptions } from 'ioredis'
import { ConfigSchema } from './config.js'

const DEFAULT_CONNECT_TIMEOUT_MS = ConfigSchema.properties.REDIS_CONNECT_TIMEOUT_MS.default as number

/**
 * The API fails fast when Redis is down (the submission is safe in Postgres and the reconciler
 * enqueues it later), within `connectTimeoutMs` (config REDIS_CONNECT_TIMEOUT_MS); the worker
 * waits for Redis forever, as BullMQ requires of workers.
 */
export function redisOptions (url: string, role: 'producer' | 'worker', connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS): RedisOptions {
  const u = new URL(url)
  return {
    host: u.hostname,
    port: Number(u.port === '' ? 6379 : u.port),
    ...(u.username !== '' && { username: decodeURIComponent(u.username) }),
    ...(u.password !== '' && { password: decodeURIComponent(u.password) }),
    ...(u.pathname.length > 1 && { db: Number(u.pathname.slice(1)) }),
    ...(u.protocol === 'rediss:' && { tls: {} }),
    ...(role === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: connectTimeoutMs }
      : { maxRetriesPerRequest: null })
  }
}

export function createRedis (url: string, role: 'producer' | 'worker', connectTimeoutMs?: number): Redis {
  return new Redis(redisOptions(url, role, connectTimeoutMs))
}
