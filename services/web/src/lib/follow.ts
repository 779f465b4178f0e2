import { ApiError } from '../api'

const MAX_POLL_FAILURES = 5

const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

/** An event's JSON data; undefined for a garbled one (the next event, or the GETs after an error, say the same). */
export function parseEvent<T> (event: Event): T | undefined {
  try {
    return JSON.parse((event as MessageEvent<string>).data) as T
  } catch {
    return undefined
  }
}

export interface FollowOptions<T> {
  /** The first GET: a finished one needs nothing more. */
  read: () => Promise<T>
  /** The GETs once the stream has failed (or the browser has none). */
  poll: {
    read: () => Promise<T>
    /** Between two GETs. */
    pauseMs: number
    /** Also before the first: a GET that answers at once would otherwise come right after the stream's end. */
    pauseFirst: boolean
  }
  eventsUrl: string
  /** Adds the stream's own listeners; an `error` ends the stream and starts the polling. */
  listen: (events: EventSource) => void
  /** Each value read; calls stop() once there is no more to follow. */
  show: (value: T) => void
  /** Could not read (a 4xx, or too many failures in a row); calls stop(). */
  lose: (err: unknown) => void
}

/**
 * Follows something the server works on: one GET, then its event stream; if the stream fails,
 * GETs take over. stop() ends it all, e.g. as an effect's cleanup.
 */
export class Follow {
  stopped = false
  private source: EventSource | undefined

  readonly stop = (): void => {
    this.stopped = true
    this.source?.close()
  }

  start<T> ({ read, poll, eventsUrl, listen, show, lose }: FollowOptions<T>): void {
    const pollUntilStopped = async (): Promise<void> => {
      let failures = 0
      for (let pause = poll.pauseFirst ? poll.pauseMs : 0; !this.stopped; pause = poll.pauseMs) {
        if (pause > 0) {
          await sleep(pause)
          if (this.stopped) return
        }
        try {
          show(await poll.read())
          failures = 0
        } catch (err) {
          const hopeless = err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429
          if (hopeless || ++failures >= MAX_POLL_FAILURES) { lose(err); return }
        }
      }
    }

    const stream = (): void => {
      if (typeof EventSource === 'undefined') { void pollUntilStopped(); return }
      const events = new EventSource(eventsUrl)
      this.source = events
      listen(events)
      // A dropped connection, the server's own `error` event, or the stream's time limit: EventSource
      // would reconnect and replay from the start; GET answers the same question without that.
      events.addEventListener('error', () => {
        events.close()
        if (!this.stopped) void pollUntilStopped()
      })
    }

    read().then((value) => {
      show(value)
      if (!this.stopped) stream()
    }, lose)
  }
}
