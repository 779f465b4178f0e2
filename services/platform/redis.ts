import { Redis, type RedisOptions } from 'ioredis'

/**
 * The API fails fast when Redis is down (the submission is safe in Postgres and the reconciler
 * enqueues it later); the worker waits for Redis forever, as BullMQ requires of workers.
 */
export function redisOptions (url: string, role: 'producer' | 'worker'): RedisOptions {
  const u = new URL(url)
  return {
    host: u.hostname,
    port: Number(u.port === '' ? 6379 : u.port),
    ...(u.username !== '' && { username: decodeURIComponent(u.username) }),
    ...(u.password !== '' && { password: decodeURIComponent(u.password) }),
    ...(u.pathname.length > 1 && { db: Number(u.pathname.slice(1)) }),
    ...(u.protocol === 'rediss:' && { tls: {} }),
    ...(role === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 }
      : { maxRetriesPerRequest: null })
  }
}

export function createRedis (url: string, role: 'producer' | 'worker'): Redis {
  return new Redis(redisOptions(url, role))
}
