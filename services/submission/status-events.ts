import pg from 'pg'
import type { Logger } from 'pino'
import type { ProgressTest, SubmissionStatus } from './submissions-repository.js'

export const FINAL_STATUSES: ReadonlySet<SubmissionStatus> = new Set(['passed', 'failed', 'error'])

type Waiter = (status: SubmissionStatus) => void

/** What a watcher of one submission hears: status changes, and each test as it is reported. */
export type SubmissionEvent =
  | { kind: 'status', status: SubmissionStatus }
  | { kind: 'test', attempt: number, test: ProgressTest }
  /** The listener lost its connection: events may have been missed, so re-read the row. */
  | { kind: 'resync' }
type Watcher = (event: SubmissionEvent) => void

/**
 * Listens to the `submission_status` channel (see migration 002) and `submission_progress`
 * (tests as the grader reports them) on one dedicated connection, and wakes whoever waits for or
 * watches a given submission. If the connection drops, waiters are released and watchers told
 * to resync (both re-read the row), and the listener reconnects.
 */
export function createStatusEvents (databaseUrl: string, logger: Pick<Logger, 'warn'>) {
  const waiters = new Map<string, Set<Waiter>>()
  const watchers = new Map<string, Set<Watcher>>()
  let client: pg.Client | undefined
  let closed = false

  const notifyAll = (id: string, status: SubmissionStatus): void => {
    for (const wake of waiters.get(id) ?? []) wake(status)
    for (const watch of watchers.get(id) ?? []) watch({ kind: 'status', status })
  }
  const resyncAll = (): void => {
    for (const id of waiters.keys()) notifyAll(id, 'running')
    for (const set of watchers.values()) for (const watch of set) watch({ kind: 'resync' })
  }

  async function connect (): Promise<void> {
    const c = new pg.Client({ connectionString: databaseUrl })
    c.on('notification', (msg) => {
      try {
        if (msg.channel === 'submission_progress') {
          const { id, attempt, test } = JSON.parse(msg.payload ?? '{}') as { id: string, attempt: number, test: ProgressTest }
          for (const watch of watchers.get(id) ?? []) watch({ kind: 'test', attempt, test })
          return
        }
        const { id, status } = JSON.parse(msg.payload ?? '{}') as { id: string, status: SubmissionStatus }
        notifyAll(id, status)
      } catch { /* not ours */ }
    })
    c.on('error', (err) => {
      logger.warn({ err: err.message }, 'status listener lost its connection; reconnecting')
      resyncAll()
      client = undefined
      if (!closed) setTimeout(() => { connect().catch(() => {}) }, 1000).unref()
    })
    await c.connect()
    await c.query('LISTEN submission_status')
    await c.query('LISTEN submission_progress')
    client = c
  }

  return {
    start: connect,

    /**
     * Resolves with the next status announced for `id`, or undefined after `timeoutMs`.
     * Subscribe before reading the row, so a change between the two is not missed.
     */
    subscribe (id: string, timeoutMs: number): { next: Promise<SubmissionStatus | undefined>, cancel: () => void } {
      let wake: Waiter = () => {}
      let timer: NodeJS.Timeout | undefined
      const next = new Promise<SubmissionStatus | undefined>((resolve) => {
        wake = resolve
        timer = setTimeout(() => { resolve(undefined) }, timeoutMs)
      })
      const set = waiters.get(id) ?? new Set()
      set.add(wake)
      waiters.set(id, set)
      const cancel = (): void => {
        clearTimeout(timer)
        set.delete(wake)
        if (set.size === 0) waiters.delete(id)
      }
      void next.finally(cancel)
      return { next, cancel }
    },

    /** Calls `listener` with every event of `id` until the returned function is called. */
    watch (id: string, listener: Watcher): () => void {
      const set = watchers.get(id) ?? new Set()
      set.add(listener)
      watchers.set(id, set)
      return () => {
        set.delete(listener)
        if (set.size === 0) watchers.delete(id)
      }
    },

    async close (): Promise<void> {
      closed = true
      resyncAll()
      await client?.end().catch(() => {})
    }
  }
}

export type StatusEvents = ReturnType<typeof createStatusEvents>
