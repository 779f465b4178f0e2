import { useEffect, useState } from 'preact/hooks'
import { api, ApiError, errorMessage } from '../api'
import { FINAL_STATUSES, type Submission, type TestStatus } from '../api-types'

export interface LiveTest {
  n: number
  name: string
  status: TestStatus
}

export interface SubmissionProgress {
  phase: 'connecting' | 'queued' | 'running' | 'done' | 'lost'
  /** Place in the queue, 1 = next. */
  position?: number
  attempt: number
  tests: LiveTest[]
  /** Once graded. */
  submission?: Submission
  /** The last read, graded or not. */
  latest?: Submission
  error?: string
}

const POLL_WAIT_SECONDS = 20
const POLL_PAUSE_MS = 2000
const MAX_POLL_FAILURES = 5

const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

function parse<T> (event: Event): T | undefined {
  try {
    return JSON.parse((event as MessageEvent<string>).data) as T
  } catch {
    return undefined
  }
}

/**
 * Follows a submission until it is graded: one GET (a finished one needs nothing more), then the
 * event stream; if the stream fails, long-polling GETs take over.
 */
export function useSubmissionProgress (id: string): SubmissionProgress {
  const [progress, setProgress] = useState<SubmissionProgress>({ phase: 'connecting', attempt: 0, tests: [] })

  useEffect(() => {
    let stopped = false
    let source: EventSource | undefined
    const update = (change: (p: SubmissionProgress) => SubmissionProgress): void => {
      if (!stopped) setProgress(change)
    }
    const finish = (submission: Submission): void => {
      source?.close()
      update((p) => ({ ...p, phase: 'done', submission, latest: submission }))
      stopped = true
    }
    const lose = (err: unknown): void => {
      update((p) => ({ ...p, phase: 'lost', error: errorMessage(err) }))
      stopped = true
    }
    const show = (s: Submission): void => {
      if (FINAL_STATUSES.has(s.status)) finish(s)
      else update((p) => ({ ...p, phase: s.status === 'running' ? 'running' : 'queued', latest: s }))
    }

    const poll = async (): Promise<void> => {
      let failures = 0
      while (!stopped) {
        try {
          show(await api.submission(id, POLL_WAIT_SECONDS))
          failures = 0
        } catch (err) {
          const hopeless = err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429
          if (hopeless || ++failures >= MAX_POLL_FAILURES) { lose(err); return }
        }
        if (!stopped) await sleep(POLL_PAUSE_MS)
      }
    }

    const stream = (): void => {
      if (typeof EventSource === 'undefined') { void poll(); return }
      const events = new EventSource(`/api/v1/submissions/${encodeURIComponent(id)}/events`)
      source = events
      events.addEventListener('status', (event) => {
        const data = parse<{ status: string, attempt: number, position?: number }>(event)
        if (data === undefined) return
        update((p) => ({
          ...p,
          phase: data.status === 'running' ? 'running' : 'queued',
          position: data.position,
          attempt: data.attempt,
          // A new attempt (the worker was lost and the grading restarted) reports its tests afresh.
          tests: data.attempt === p.attempt ? p.tests : []
        }))
      })
      events.addEventListener('test', (event) => {
        const test = parse<LiveTest>(event)
        if (test === undefined) return
        update((p) => p.tests.some((t) => t.n === test.n)
          ? p
          : { ...p, phase: 'running', position: undefined, tests: [...p.tests, test].sort((a, b) => a.n - b.n) })
      })
      events.addEventListener('result', (event) => {
        const submission = parse<Submission>(event)
        if (submission !== undefined) finish(submission)
      })
      // Both a dropped connection and the server's own `error` event: EventSource would reconnect
      // and replay from the start; GET answers the same question without that.
      events.addEventListener('error', () => {
        events.close()
        if (!stopped) void poll()
      })
    }

    api.submission(id).then((s) => {
      show(s)
      if (!stopped) stream()
    }, lose)

    return () => {
      stopped = true
      source?.close()
    }
  }, [id])

  return progress
}
