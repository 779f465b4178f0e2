import type { FastifyInstance, FastifyReply } from 'fastify'

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
