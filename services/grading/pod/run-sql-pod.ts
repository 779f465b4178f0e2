import type { DockerEngine } from '../../platform/docker/docker-engine.js'
import type { FileMap } from '../../platform/file-tree.js'
import { sqlPodInput, type PodPlan } from './pod-spec.js'
import { podCpuWaits, type PodOptions, type PodOutcome } from './run-pod.js'
import { aborted, delay, REPORT_COMPLETE_LINE } from './pod-waits.js'
import { progressGate } from '../tap-progress.js'
import { startSqlPod, type SqlPod } from './sql-pod.js'
import type { SqlPodPool } from './sql-pod-pool.js'
import { packFiles } from '../../platform/tar-files.js'
import { FILES } from '../../../graders/node/lib/protocol.mjs'

/** How often the pod's tasks' CPU waits are read: an SQL backend lives as long as its connection. */
const WAITS_POLL_MS = 200

/**
 * Runs the pod of an SQL exercise: a PostgreSQL, which is where the learner's SQL runs, and the
 * grader, which runs every task and reports over TAP, sharing a network namespace with no
 * network. A warm pod from `pool` is used when one with these limits is ready; otherwise one is
 * started for this submission. The learner's files travel in the grader's tar (`graderFiles`
 * already holds them): they are data the grader sends to the database, never code anything
 * executes outside it.
 *
 * As in runPod, `handle` sees the outcome while the containers exist, both are removed before
 * this returns or throws, and only platform faults throw. The pool is topped up after teardown,
 * so its next pod does not compete with this grading for the CPU.
 */
export async function runSqlPod<T> (
  engine: DockerEngine, plan: PodPlan, graderFiles: FileMap, options: PodOptions & { pool?: SqlPodPool },
  handle: (outcome: PodOutcome) => Promise<T>
): Promise<{ handled: T, teardownMs: number, warm: boolean }> {
  const started = performance.now()
  const timings: PodOutcome['timings'] = { containerStartMs: 0 }
  let pod: SqlPod | undefined
  let waitsWatch: NodeJS.Timeout | undefined

  try {
    const graderTar = await packFiles({
      ...graderFiles,
      // Last, so no file of the exercise can replace it: what the grader needs to know that a
      // warm pod could not be told when it started.
      [FILES.runSettings]: JSON.stringify({ suite: plan.graderEntry, readyTimeoutMs: plan.limits.readyTimeoutMs, timeScale: plan.timeScale })
    })
    pod = await options.pool?.take(plan.limits)
    const warm = pod !== undefined
    pod ??= await startSqlPod(engine, sqlPodInput(plan), options.graderOutputCapBytes)
    const { grader, database } = pod
    const onGraderLine = options.onGraderLine
    if (onGraderLine !== undefined) {
      // Each test once, in order, a bounded number, nothing after the report (tap-progress.ts).
      const announces = progressGate(REPORT_COMPLETE_LINE)
      pod.onGraderLine((line) => { if (!pod?.graderOut.truncated && announces(line)) onGraderLine(line) })
    }
    grader.sendInput(graderTar)
    const graderStartedAt = performance.now()
    // The learner's SQL runs in the database: its CPU time, and its waits for a CPU, are the learner's.
    const cpuWaits = podCpuWaits(database.id, grader.id)
    const [cpuAtStart] = await Promise.all([engine.cpuUsageMs(database.id), cpuWaits.sample()])
    waitsWatch = setInterval(() => { void cpuWaits.sample() }, WAITS_POLL_MS)
    timings.containerStartMs = Math.round(graderStartedAt - started)

    const outcome = await Promise.race([
      Promise.race([grader.exited, pod.reportComplete]).then(() => 'grader-done' as const),
      database.exited.then(() => 'database-gone' as const),
      delay(Math.round(plan.limits.deadlineMs * plan.timeScale)).then(() => 'deadline' as const),
      aborted(options.signal)
    ])
    if (outcome === 'aborted') throw new Error('grading was cancelled (the worker is shutting down)')
    let learnerExit: PodOutcome['learnerExit']
    if (outcome === 'database-gone') {
      // The server process is the platform's; only the container's memory cap, which the
      // learner's queries fill, makes its death theirs.
      const exit = await database.exited
      if (!exit.oomKilled) {
        throw new Error(`the database exited with code ${exit.exitCode} during grading; its log ends: ${pod.databaseLog.text().slice(-500)}`)
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
    const readyAt = pod.graderReadyAt()
    if (readyAt !== undefined) {
      timings.servicesReadyMs = Math.max(0, Math.round(readyAt - graderStartedAt))
      timings.gradingMs = Math.round(performance.now() - readyAt)
    }

    const handled = await handle({
      graderTap: pod.graderOut.text(),
      graderTapTruncated: pod.graderOut.truncated,
      // PostgreSQL's log holds the grader's statements (the hidden dataset among them): not shown.
      learnerLog: '',
      ...(learnerExit !== undefined && { learnerExit }),
      timedOut: outcome === 'deadline',
      outputLimitExceeded: false,
      pidsLimitHit: false,
      timings,
      window: {
        ...window,
        ...(cpuAtStart !== undefined && cpuAtEnd !== undefined && { learnerCpuMs: cpuAtEnd - cpuAtStart }),
        ...(cpuWaitMs !== undefined && { cpuWaitMs })
      }
    })
    const teardownStarted = performance.now()
    const removing = pod.remove()
    pod = undefined
    await removing
    return { handled, teardownMs: Math.round(performance.now() - teardownStarted), warm }
  } finally {
    clearInterval(waitsWatch)
    if (pod !== undefined) await pod.remove()
    options.pool?.replenish(plan.limits)
  }
}
