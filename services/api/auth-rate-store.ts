import type { FastifyRateLimitStore } from '@fastify/rate-limit'

/**
 * The auth rate limit's counts: a fixed window per client address, in this process's memory, like
 * @fastify/rate-limit's own LocalStore but answering each request with its own count. LocalStore
 * hands every caller the same counter object, read only after an await, so requests that arrive
 * in one tick all saw the burst's final count: a burst of 20 against a limit of 5 refused all 20.
 */
export class AuthRateStore implements FastifyRateLimitStore {
  private readonly windows = new Map<string, { count: number, startedAt: number }>()

  /** `maxKeys`: clients remembered at once (config AUTH_RATE_MAX_CLIENTS); the least recently seen is forgotten first. */
  constructor (private readonly maxKeys: number) {}

  incr (key: string, callback: (error: Error | null, result?: { current: number, ttl: number }) => void, timeWindow: number): void {
    const now = Date.now()
    let window = this.windows.get(key)
    if (window === undefined || window.startedAt + timeWindow <= now) window = { count: 0, startedAt: now }
    window.count++
    // Re-inserted, so the Map's order is least recently seen first.
    this.windows.delete(key)
    this.windows.set(key, window)
    if (this.windows.size > this.maxKeys) {
      const oldest = this.windows.keys().next().value
      if (oldest !== undefined) this.windows.delete(oldest)
    }
    callback(null, { current: window.count, ttl: window.startedAt + timeWindow - now })
  }

  child (): FastifyRateLimitStore {
    return new AuthRateStore(this.maxKeys)
  }
}

/** The store as @fastify/rate-limit wants it, a class it constructs itself, remembering `maxKeys` clients. */
export function authRateStore (maxKeys: number): new () => AuthRateStore {
  return class extends AuthRateStore {
    constructor () { super(maxKeys) }
  }
}
