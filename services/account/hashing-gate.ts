/**
 * A small semaphore for password hashing. Each scrypt takes a threadpool thread and (at cost 17)
 * 128 MiB for some 0.3 s; Node has four such threads, which file reads and DNS need too. Without a
 * bound, two dozen logins at once took every thread and ran the database pool's connection
 * timeouts out (500s). With it, at most `concurrency` hashes run, a bounded number wait a bounded
 * time, and whoever would wait longer is told at once to come back (GateBusy), holding nothing.
 */
export interface HashingGateOptions {
  concurrency: number
  /** Callers that may wait for a slot; one more is refused at once. */
  maxWaiting: number
  /** How long a caller waits for a slot before it is refused. */
  maxWaitMs: number
}

export class GateBusy extends Error {
  override name = 'GateBusy'
}

export interface HashingGate {
  /** Runs `work` once a slot is free; rejects with GateBusy when none comes soon enough. */
  run: <T>(work: () => Promise<T>) => Promise<T>
  /** For tests and logs: hashes started, callers refused, and the most that ever ran at once. */
  readonly stats: { started: number, refused: number, peak: number }
}

export function createHashingGate ({ concurrency, maxWaiting, maxWaitMs }: HashingGateOptions): HashingGate {
  let running = 0
  const waiting: Array<{ grant: () => void }> = []
  const stats = { started: 0, refused: 0, peak: 0 }

  const acquire = async (): Promise<void> => {
    if (running < concurrency && waiting.length === 0) {
      running++
      return
    }
    if (waiting.length >= maxWaiting) {
      stats.refused++
      throw new GateBusy(`${running} password hashes running and ${waiting.length} waiting`)
    }
    await new Promise<void>((resolve, reject) => {
      const entry = {
        grant: () => {
          clearTimeout(timer)
          resolve()
        }
      }
      const timer = setTimeout(() => {
        const i = waiting.indexOf(entry)
        if (i !== -1) waiting.splice(i, 1)
        stats.refused++
        reject(new GateBusy(`no password hashing slot within ${maxWaitMs} ms`))
      }, maxWaitMs)
      waiting.push(entry)
    })
  }

  const release = (): void => {
    const next = waiting.shift()
    // The slot passes straight to the next caller, so `running` never dips and lets a newcomer jump the line.
    if (next !== undefined) next.grant()
    else running--
  }

  return {
    stats,
    async run (work) {
      await acquire()
      stats.started++
      stats.peak = Math.max(stats.peak, running)
      try {
        return await work()
      } finally {
        release()
      }
    }
  }
}
