import pg from 'pg'
import type { Logger } from 'pino'
import type { SubmissionStatus } from './submissions-repository.js'

export const FINAL_STATUSES: ReadonlySet<SubmissionStatus> = new Set(['passed', 'failed', 'error'])

type Waiter = (status: SubmissionStatus) => void

/**
 * Listens to the `submission_status` channel (see migration 002) on one dedicated connection and
 * wakes whoever waits for a given submission. If the connection drops, waiters are released (they
 * re-read the row) and the listener reconnects.
 */
export function createStatusEvents (databaseUrl: string, logger: Pick<Logger, 'warn'>) {
  const waiters = new Map<string, Set<Waiter>>()
  let client: pg.Client | undefined
  let closed = false

  const notifyAll = (id: string, status: SubmissionStatus): void => {
    for (const wake of waiters.get(id) ?? []) wake(status)
  }

  async function connect (): Promise<void> {
    const c = new pg.Client({ connectionString: databaseUrl })
    c.on('notification', (msg) => {
      try {
        const { id, status } = JSON.parse(msg.payload ?? '{}') as { id: string, status: SubmissionStatus }
        notifyAll(id, status)
      } catch { /* not ours */ }
    })
    c.on('error', (err) => {
      logger.warn({ err: err.message }, 'status listener lost its connection; reconnecting')
      for (const id of waiters.keys()) notifyAll(id, 'running')
      client = undefined
      if (!closed) setTimeout(() => { connect().catch(() => {}) }, 1000).unref()
    })
    await c.connect()
    await c.query('LISTEN submission_status')
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

    async close (): Promise<void> {
      closed = true
      for (const id of waiters.keys()) notifyAll(id, 'running')
      await client?.end().catch(() => {})
    }
  }
}

export type StatusEvents = ReturnType<typeof createStatusEvents>
