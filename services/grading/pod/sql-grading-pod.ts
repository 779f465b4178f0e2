import type { DockerEngine } from '../../platform/docker/docker-engine.js'
import type { FileMap } from '../../platform/file-tree.js'
import { sqlPodInput, type PodPlan } from './pod-spec.js'
import { podCpuWaits, timedWindow, type GradingPod, type PodOptions, type PodOutcome } from './grading-pod.js'
import { aborted, delay } from './pod-waits.js'
import { startSqlPod, type SqlPod } from './sql-pod.js'
import type { SqlPodPool } from './sql-pod-pool.js'
import { packFiles } from '../../platform/tar-files.js'
import { FILES } from '../../../graders/node/lib/protocol.mjs'
import { GradingCancelled, PodFault } from '../grading-errors.js'

/** How often the pod's tasks' CPU waits are read: an SQL backend lives as long as its connection. */
const WAITS_POLL_MS = 200

/**
 * The pod of an SQL exercise: a PostgreSQL, which is where the learner's SQL runs, and the
 * grader, which runs every task and reports over TAP, sharing a network namespace with no
 * network. A warm pod from `pool` is used when one with these limits is ready; otherwise one is
 * started for this submission. The learner's files travel in the grader's tar (`graderFiles`
 * already holds them): they are data the grader sends to the database, never code anything
 * executes outside it. The pool is topped up after teardown, so its next pod does not compete
 * with this grading for the CPU.
 */
export function createSqlGradingPod (
  engine: DockerEngine, plan: PodPlan, graderFiles: FileMap, options: PodOptions & { pool?: SqlPodPool }
): GradingPod {
  const started = performance.now()
  const timings: PodOutcome['timings'] = { containerStartMs: 0 }
  let pod: SqlPod | undefined
  let warm = false
  let waitsWatch: NodeJS.Timeout | undefined
  let running: { graderStartedAt: number, cpuAtStart: number | undefined, cpuWaits: ReturnType<typeof podCpuWaits> } | undefined
  let disposed: Promise<number> | undefined

  return {
    get warm () { return warm },

    async start () {
      const graderTar = await packFiles({
        ...graderFiles,
        // Last, so no file of the exercise can replace it: what the grader needs to know that a
        // warm pod could not be told when it started.
        [FILES.runSettings]: JSON.stringify({ suite: plan.graderEntry, readyTimeoutMs: plan.limits.readyTimeoutMs, timeScale: plan.timeScale })
      })
      pod = await options.pool?.take(plan.limits)
      warm = pod !== undefined
      pod ??= await startSqlPod(engine, sqlPodInput(plan), options.graderOutputCapBytes)
      const { grader, database } = pod
      // Each test once, in order, a bounded number, nothing after the report (tap-reader.ts).
      pod.graderOut.reader.onTest = options.onTest
      grader.sendInput(graderTar)
      const graderStartedAt = performance.now()
      // The learner's SQL runs in the database: its CPU time, and its waits for a CPU, are the learner's.
      const cpuWaits = podCpuWaits(database.id, grader.id)
      const [cpuAtStart] = await Promise.all([engine.cpuUsageMs(database.id), cpuWaits.sample()])
      waitsWatch = setInterval(() => { void cpuWaits.sample() }, WAITS_POLL_MS)
      timings.containerStartMs = Math.round(graderStartedAt - started)
      running = { graderStartedAt, cpuAtStart, cpuWaits }
    },

    async run () {
      if (pod === undefined || running === undefined) throw new PodFault('run() before start()')
      const { grader, database, graderOut } = pod
      const { graderStartedAt, cpuAtStart, cpuWaits } = running
      const outcome = await Promise.race([
        Promise.race([grader.exited, graderOut.reader.reportComplete]).then(() => 'grader-done' as const),
        database.exited.then(() => 'database-gone' as const),
        delay(Math.round(plan.limits.deadlineMs * plan.timeScale)).then(() => 'deadline' as const),
        aborted(options.signal)
      ])
      if (outcome === 'aborted') throw new GradingCancelled('grading was cancelled (the worker is shutting down)')
      let learnerExit: PodOutcome['learnerExit']
      if (outcome === 'database-gone') {
        // The server process is the platform's; only the container's memory cap, which the
        // learner's queries fill, makes its death theirs.
        const exit = await database.exited
        if (!exit.oomKilled) {
          throw new PodFault(`the database exited with code ${exit.exitCode} during grading; its log ends: ${pod.databaseLog.text().slice(-500)}`)
        }
        learnerExit = { ...exit, beforeReady: false }
      }
      const window = { from: graderStartedAt, to: performance.now() }
      clearInterval(waitsWatch)
      const [cpuAtEnd] = await Promise.all([engine.cpuUsageMs(database.id), cpuWaits.sample()])
      const cpuWaitMs = cpuWaits.read()
      if (outcome !== 'grader-done') {
        await grader.kill()
        await grader.exited
      }
      const readyAt = graderOut.reader.readyAt
      if (readyAt !== undefined) {
        timings.servicesReadyMs = Math.max(0, Math.round(readyAt - graderStartedAt))
        timings.gradingMs = Math.round(performance.now() - readyAt)
      }
      return {
        report: graderOut.reader.end(),
        graderTap: graderOut.kept.text(),
        graderTapTruncated: graderOut.kept.truncated,
        // No learnerLog: PostgreSQL's log holds the grader's statements (the hidden dataset among them).
        ...(learnerExit !== undefined && { learnerExit }),
        timedOut: outcome === 'deadline',
        timings,
        window: timedWindow(window, cpuAtStart, cpuAtEnd, cpuWaitMs)
      }
    },

    async dispose () {
      disposed ??= (async () => {
        clearInterval(waitsWatch)
        const teardownStarted = performance.now()
        try {
          await pod?.remove()
        } finally {
          options.pool?.replenish(plan.limits)
        }
        return Math.round(performance.now() - teardownStarted)
      })()
      return await disposed
    }
  }
}
