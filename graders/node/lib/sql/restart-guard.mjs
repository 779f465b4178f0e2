import { ServerRestart } from './cluster.mjs'
import { memoryHint, shown } from './feedback.mjs'

/**
 * When a query makes PostgreSQL restart (its process killed for memory), every connection is
 * lost, including those of tasks that did nothing wrong. From the first restart on, tasks are
 * graded one at a time, and each one that lost its connection is graded again, alone: a task
 * whose own SQL restarts the server then is the one to blame, and only that one fails.
 */
export class RestartGuard {
  #cluster
  #alone = false
  #queue = Promise.resolve()
  #firstAttempts = new Set()

  constructor(cluster) {
    this.#cluster = cluster
  }

  async grade(task, fn) {
    if (this.#alone) return await this.#one(() => this.#retrying(task, fn))
    const attempt = fn()
    this.#firstAttempts.add(attempt)
    try {
      return await attempt
    } catch (err) {
      if (!(err instanceof ServerRestart)) throw err
      this.#alone = true
      this.#firstAttempts.delete(attempt)
      // A task still in its first attempt may be the cause, or lose its connection yet: the
      // retries, one at a time, start once none is running.
      await Promise.allSettled([...this.#firstAttempts])
      return await this.#one(async () => {
        await this.#cluster.recover()
        return await this.#retrying(task, fn)
      })
    } finally {
      this.#firstAttempts.delete(attempt)
    }
  }

  async #retrying(task, fn) {
    try {
      return await fn()
    } catch (err) {
      if (!(err instanceof ServerRestart)) throw err
      await this.#cluster.recover()
      return this.stoppedBy(task)
    }
  }

  #one(fn) {
    const run = this.#queue.then(fn)
    this.#queue = run.catch(() => {})
    return run
  }

  stoppedBy(task) {
    return {
      message:
        `PostgreSQL had to restart while it ran ${task.file}: the process running your SQL was killed, almost always ` +
        `for using more memory than the database is allowed.${task.sql === undefined ? '' : memoryHint(task.sql)}`,
      request: shown(task),
    }
  }
}
