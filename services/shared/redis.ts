import { Redis } from 'ioredis'

/**
 * The API fails fast when Redis is down (the submission is safe in Postgres and the reconciler
 * enqueues it later); the worker waits for Redis forever, as BullMQ requires of workers.
 */
export function createRedis (url: string, role: 'producer' | 'worker'): Redis {
  return role === 'producer'
    ? new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 })
    : new Redis(url, { maxRetriesPerRequest: null })
}
