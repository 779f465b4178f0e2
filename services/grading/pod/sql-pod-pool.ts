import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { Logger } from 'pino'
import type { DockerEngine } from '../../platform/docker/docker-engine.js'
import type { PodRole, SqlPodInput } from './pod-spec.js'
import { delay } from './pod-waits.js'
import { startSqlPod, type SqlPod } from './sql-pod.js'

export type SqlPodLimits = SqlPodInput['limits']

export interface SqlPodPoolOptions {
  /** Warm pods kept for each set of limits in use; 0 turns the pool off. */
  size: number
  imagePrefix: string
  graderCpus: number
  graderOutputCapBytes: number
  /** The longest a claimed pod may run (the deadline ceiling): part of its reaper deadline. */
  deadlineCeilingMs: number
  logger: Logger
  /** An idle pod older than this is replaced: its reaper deadline is counted from its start. */
  maxIdleMs?: number
}

export interface SqlPodPool {
  /**
   * A started pod whose database is ready, with these limits. When none is ready but one is
   * warming that no other submission waits for, that one once it is ready: it is further along
   * than a pod started now, and one more start would only slow both down. Otherwise, or if it
   * is stuck (not ready within WARMING_WAIT_MS), undefined (start one cold).
   */
  take: (limits: SqlPodLimits) => Promise<SqlPod | undefined>
  /** How many warm pods with these limits are ready to be taken. */
  ready: (limits: SqlPodLimits) => number
  /** Starts pods in the background until `size` are warm or warming for these limits. */
  replenish: (limits: SqlPodLimits) => void
  /** Stops replenishing and removes every pod not taken. */
  close: () => Promise<void>
}

const READY_TIMEOUT_MS = 30_000
/** After a pod fails to start (images missing, Docker down), a pause before the next try. */
const FAILURE_PAUSE_MS = 10_000
/**
 * The longest a submission waits for a warming pod. Only a stuck pod takes this long: on a busy
 * host a pod may take 3 s to warm, and a cold start beside it would take longer still.
 */
const WARMING_WAIT_MS = 10_000

interface Entry { pod: SqlPod, createdAt: number }

/**
 * Warm SQL pods: a grader with tap and the grader library loaded, and a PostgreSQL that has
 * booted and joined it, both waiting for a submission's tar. Starting them costs some 0.8 s of
 * container start and database boot, which a warm pod takes out of a learner's wait.
 *
 * A pod serves one submission and is removed after it, never reused: nothing a learner's SQL
 * left behind can reach the next learner. The pool learns which limits to keep warm from the
 * submissions it serves (a worker that never grades SQL starts none). Warm pods carry no
 * submission label; their reaper deadline covers their idle life plus a grading, and a worker
 * that dies leaves them to the reaper like any pod of a dead worker.
 */
export function createSqlPodPool (engine: DockerEngine, options: SqlPodPoolOptions): SqlPodPool {
  const maxIdleMs = options.maxIdleMs ?? 10 * 60_000
  const idle = new Map<string, Entry[]>()
  const warming = new Map<string, number>()
  const pausedUntil = new Map<string, number>()
  const starting = new Set<Promise<void>>()
  /** Submissions waiting for a warming pod, first come first served. */
  const waiters = new Map<string, Array<(pod: SqlPod | undefined) => void>>()
  let closed = false

  const keyOf = (limits: SqlPodLimits): string => `${limits.memoryMb}m/${limits.cpus}c/${limits.pids}p/${limits.openFiles}f`

  const discard = (entry: Entry): void => {
    void entry.pod.remove().catch((err: unknown) => { options.logger.error({ err }, 'could not remove a warm SQL pod') })
  }

  async function warmOne (key: string, limits: SqlPodLimits): Promise<void> {
    const tag = `warm-${randomBytes(6).toString('hex')}`
    const createdAt = Date.now()
    const labels = (role: PodRole): Record<string, string> => ({
      'backlab.managed': 'true',
      'backlab.warm-pod': tag,
      'backlab.role': role,
      'backlab.deadline': String(createdAt + maxIdleMs + options.deadlineCeilingMs + READY_TIMEOUT_MS),
      'backlab.worker-host': hostname(),
      'backlab.worker-pid': String(process.pid)
    })
    let pod: SqlPod | undefined
    try {
      pod = await startSqlPod(engine, {
        tag,
        labels,
        limits,
        imagePrefix: options.imagePrefix,
        graderCpus: options.graderCpus,
        password: randomBytes(24).toString('hex')
      }, options.graderOutputCapBytes)
      const ready = await Promise.race([pod.databaseReady, delay(READY_TIMEOUT_MS).then(() => false)])
      if (!ready) throw new Error(`the database did not get ready; its log ends: ${pod.databaseLog.text().slice(-300)}`)
      if (closed) throw new Error('the pool closed')
      const waiter = waiters.get(key)?.shift()
      if (waiter !== undefined) {
        waiter(pod)
        return
      }
      const entry: Entry = { pod, createdAt }
      // A pod that dies while it waits (OOM of the host, a docker restart) is no use to anyone.
      void Promise.race([pod.grader.exited, pod.database.exited]).then(() => {
        const list = idle.get(key) ?? []
        if (list.includes(entry)) { idle.set(key, list.filter((e) => e !== entry)); discard(entry) }
      })
      idle.set(key, [...(idle.get(key) ?? []), entry])
    } catch (err) {
      waiters.get(key)?.shift()?.(undefined)
      if (pod !== undefined) await pod.remove().catch(() => {})
      if (!closed) {
        pausedUntil.set(key, Date.now() + FAILURE_PAUSE_MS)
        options.logger.error({ err }, 'could not start a warm SQL pod; submissions start their own for now')
      }
    }
  }

  function replenish (limits: SqlPodLimits): void {
    if (closed || options.size <= 0) return
    const key = keyOf(limits)
    if ((pausedUntil.get(key) ?? 0) > Date.now()) return
    retireOld(key)
    const missing = options.size - (idle.get(key)?.length ?? 0) - (warming.get(key) ?? 0)
    for (let i = 0; i < missing; i++) {
      warming.set(key, (warming.get(key) ?? 0) + 1)
      const started = warmOne(key, limits).finally(() => {
        warming.set(key, (warming.get(key) ?? 1) - 1)
        starting.delete(started)
      })
      starting.add(started)
    }
  }

  function retireOld (key: string): void {
    const list = idle.get(key) ?? []
    const young = list.filter((e) => Date.now() - e.createdAt < maxIdleMs)
    list.filter((e) => !young.includes(e)).forEach(discard)
    idle.set(key, young)
  }

  // Old pods are replaced even when nothing is graded, so none outlives its reaper deadline.
  const sweeper = setInterval(() => {
    for (const key of idle.keys()) {
      const before = idle.get(key)?.length ?? 0
      retireOld(key)
      if ((idle.get(key)?.length ?? 0) < before) options.logger.debug({ key }, 'retired idle warm SQL pods')
    }
  }, Math.max(1000, Math.floor(maxIdleMs / 4)))
  sweeper.unref()

  return {
    async take (limits) {
      if (closed) return undefined
      const key = keyOf(limits)
      retireOld(key)
      const entry = idle.get(key)?.shift()
      if (entry !== undefined) return entry.pod
      const queue = waiters.get(key) ?? []
      if ((warming.get(key) ?? 0) <= queue.length) return undefined
      return await new Promise<SqlPod | undefined>((resolve) => {
        const timer = setTimeout(() => {
          waiters.set(key, (waiters.get(key) ?? []).filter((w) => w !== waiter))
          resolve(undefined)
        }, WARMING_WAIT_MS)
        const waiter = (pod: SqlPod | undefined): void => {
          clearTimeout(timer)
          resolve(pod)
        }
        waiters.set(key, [...queue, waiter])
      })
    },
    ready (limits) {
      return idle.get(keyOf(limits))?.length ?? 0
    },
    replenish,
    async close () {
      closed = true
      clearInterval(sweeper)
      for (const queue of waiters.values()) queue.forEach((waiter) => { waiter(undefined) })
      waiters.clear()
      await Promise.allSettled([...starting])
      const all = [...idle.values()].flat()
      idle.clear()
      await Promise.allSettled(all.map(async (e) => { await e.pod.remove() }))
    }
  }
}
