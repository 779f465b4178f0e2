import { useEffect, useState } from 'preact/hooks'
import { api, ApiError, errorMessage } from '../api'
import type { PackageValidation } from '../api-types'

export interface ValidationProgress {
  validation?: PackageValidation
  /** Could not read it at all (not found, not yours), or lost track of it while running. */
  error?: string
}

const POLL_PAUSE_MS = 3000
const MAX_POLL_FAILURES = 5

const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

/**
 * Follows a package validation until every check is graded: one GET (a finished one needs nothing
 * more), then the event stream, whose `validation` events carry the same object; if the stream
 * fails, GETs every few seconds take over.
 */
export function useValidation (id: string): ValidationProgress {
  const [progress, setProgress] = useState<ValidationProgress>({})

  useEffect(() => {
    let stopped = false
    let source: EventSource | undefined
    const stop = (): void => {
      stopped = true
      source?.close()
    }
    const show = (validation: PackageValidation): void => {
      if (stopped) return
      setProgress({ validation })
      if (validation.status !== 'running') stop()
    }
    const lose = (err: unknown): void => {
      if (stopped) return
      setProgress((p) => ({ ...p, error: errorMessage(err) }))
      stop()
    }

    const poll = async (): Promise<void> => {
      let failures = 0
      while (!stopped) {
        await sleep(POLL_PAUSE_MS)
        if (stopped) return
        try {
          show(await api.validation(id))
          failures = 0
        } catch (err) {
          const hopeless = err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429
          if (hopeless || ++failures >= MAX_POLL_FAILURES) { lose(err); return }
        }
      }
    }

    const stream = (): void => {
      if (typeof EventSource === 'undefined') { void poll(); return }
      const events = new EventSource(`/api/v1/exercise-packages/${encodeURIComponent(id)}/events`)
      source = events
      events.addEventListener('validation', (event) => {
        try {
          show(JSON.parse((event as MessageEvent<string>).data) as PackageValidation)
        } catch {
          // A garbled event: the next one, or the GETs after an error, say the same.
        }
      })
      // A dropped connection, the server's own `error` event, or the stream's time limit: EventSource
      // would reconnect and replay from the start; GET answers the same question without that.
      events.addEventListener('error', () => {
        events.close()
        if (!stopped) void poll()
      })
    }

    api.validation(id).then((v) => {
      show(v)
      if (!stopped) stream()
    }, lose)

    return stop
  }, [id])

  return progress
}
