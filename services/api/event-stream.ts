import { normalizeIP } from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Errors, withRetryAfter } from '../platform/errors.js'

/**
 * Server-sent events on a hijacked reply: a few lines of text per event, written by hand rather
 * than through a plugin. `idle` waits for `wakeUp`, the client leaving, or a heartbeat interval.
 */
export interface EventStream {
  readonly open: boolean
  send: (event: string, data: unknown) => void
  /** A comment line: keeps proxies and clients from timing the stream out. */
  comment: (text: string) => void
  /** Resolves when woken or closed (true), or after `ms` (false). */
  idle: (ms: number) => Promise<boolean>
  wakeUp: () => void
  close: () => void
}

/**
 * The event streams of one plugin. They would hold a shutdown until they end, so they are ended
 * when the app closes (clients reconnect).
 */
export function eventStreams (app: FastifyInstance): (reply: FastifyReply) => EventStream {
  const streams = new Set<() => void>()
  app.addHook('preClose', async () => { for (const end of streams) end() })

  return (reply) => {
    reply.hijack()
    const raw = reply.raw
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no'
    })
    let open = true
    let woken = false
    let wake: () => void = () => {}
    const wakeUp = (): void => { woken = true; wake() }
    const end = (): void => { open = false; wakeUp() }
    streams.add(end)
    raw.on('close', end)
    return {
      get open () { return open },
      send (event, data) { if (open) raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`) },
      comment (text) { if (open) raw.write(`: ${text}\n\n`) },
      async idle (ms) {
        if (woken || !open) {
          woken = false
          return true
        }
        const timer = { ref: undefined as NodeJS.Timeout | undefined }
        const wasWoken = await new Promise<boolean>((resolve) => {
          wake = () => { resolve(true) }
          timer.ref = setTimeout(() => { resolve(false) }, ms)
          timer.ref.unref()
        })
        clearTimeout(timer.ref)
        wake = () => {}
        woken = false
        return wasWoken
      },
      wakeUp,
      close () {
        streams.delete(end)
        raw.end()
      }
    }
  }
}

/** A stream ends when its grading does, within minutes: a refused watcher may try again soon (or poll). */
const STREAM_RETRY_AFTER_S = 10

/** Streams open per account and per address, one count per server, whichever plugin opened them. */
const openStreams = new WeakMap<object, { accounts: Map<string, number>, addresses: Map<string, number> }>()

/**
 * Takes a place for one more event stream of this account and client address (an IPv6 /64, as the
 * auth rate limit counts it), or refuses with a 429: each stream holds a socket and a
 * database listener for up to minutes, so nobody may hold a thousand. Call it before any other
 * work; the returned function gives the place back, exactly once, when the stream ends. The
 * limits (EVENT_STREAMS_PER_USER, EVENT_STREAMS_PER_ADDRESS) cover every kind of stream at once.
 */
export function reserveStream (app: FastifyInstance, request: FastifyRequest, accountId: string): () => void {
  const limits = { perAccount: app.config.EVENT_STREAMS_PER_USER, perAddress: app.config.EVENT_STREAMS_PER_ADDRESS }
  let counts = openStreams.get(app.server)
  if (counts === undefined) {
    counts = { accounts: new Map(), addresses: new Map() }
    openStreams.set(app.server, counts)
  }
  const { accounts, addresses } = counts
  const address = normalizeIP(request.ip)
  const mine = accounts.get(accountId) ?? 0
  const here = addresses.get(address) ?? 0
  if (mine >= limits.perAccount) {
    throw withRetryAfter(new Errors.TOO_MANY_STREAMS(`You have ${mine} event streams open, the most one account may.`, STREAM_RETRY_AFTER_S), STREAM_RETRY_AFTER_S)
  }
  if (here >= limits.perAddress) {
    throw withRetryAfter(new Errors.TOO_MANY_STREAMS(`Your address has ${here} event streams open, the most one address may.`, STREAM_RETRY_AFTER_S), STREAM_RETRY_AFTER_S)
  }
  accounts.set(accountId, mine + 1)
  addresses.set(address, here + 1)
  let released = false
  return () => {
    if (released) return
    released = true
    const left = (map: Map<string, number>, key: string): void => {
      const n = (map.get(key) ?? 1) - 1
      if (n <= 0) map.delete(key)
      else map.set(key, n)
    }
    left(accounts, accountId)
    left(addresses, address)
  }
}
