import { useEffect, useState } from 'preact/hooks'
import { api, errorMessage } from '../api'
import { FINAL_STATUSES, type Submission, type TestStatus } from '../api-types'
import { Follow, parseEvent } from './follow'

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

/**
 * Follows a submission until it is graded: one GET (a finished one needs nothing more), then the
 * event stream; if the stream fails, long-polling GETs take over.
 */
export function useSubmissionProgress (id: string): SubmissionProgress {
  const [progress, setProgress] = useState<SubmissionProgress>({ phase: 'connecting', attempt: 0, tests: [] })

  useEffect(() => {
    const follow = new Follow()
    const update = (change: (p: SubmissionProgress) => SubmissionProgress): void => {
      if (!follow.stopped) setProgress(change)
    }
    const finish = (submission: Submission): void => {
      update((p) => ({ ...p, phase: 'done', submission, latest: submission }))
      follow.stop()
    }
    const show = (s: Submission): void => {
      if (FINAL_STATUSES.has(s.status)) finish(s)
      // A GET does not tell the place in the queue: the stream's last one would be stale (and frozen).
      else update((p) => ({ ...p, phase: s.status === 'running' ? 'running' : 'queued', position: undefined, latest: s }))
    }

    follow.start({
      read: async () => await api.submission(id),
      poll: { read: async () => await api.submission(id, POLL_WAIT_SECONDS), pauseMs: POLL_PAUSE_MS, pauseFirst: false },
      eventsUrl: `/api/v1/submissions/${encodeURIComponent(id)}/events`,
      listen: (events) => {
        events.addEventListener('status', (event) => {
          const data = parseEvent<{ status: string, attempt: number, position?: number }>(event)
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
          const test = parseEvent<LiveTest>(event)
          if (test === undefined) return
          update((p) => p.tests.some((t) => t.n === test.n)
            ? p
            : { ...p, phase: 'running', position: undefined, tests: [...p.tests, test].sort((a, b) => a.n - b.n) })
        })
        events.addEventListener('result', (event) => {
          const submission = parseEvent<Submission>(event)
          if (submission !== undefined) finish(submission)
        })
      },
      show,
      lose: (err) => {
        update((p) => ({ ...p, phase: 'lost', error: errorMessage(err) }))
        follow.stop()
      }
    })
    return follow.stop
  }, [id])

  return progress
}
