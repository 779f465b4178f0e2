import type { DockerEngine, SandboxContainer } from '../../shared/docker/docker-engine.js'
import type { FileMap } from '../../shared/exercise/file-tree.js'
import { HeadBuffer, TailBuffer } from './output-buffers.js'
import { sqlDatabaseSpec, sqlGraderSpec, type PodPlan } from './pod-spec.js'
import type { PodOptions, PodOutcome } from './run-pod.js'
import { aborted, delay, LineReader } from './pod-waits.js'
import { packFiles } from './tar-files.js'

const READY_MARK = '# backlab-ready-ms:'

/**
 * Runs the pod of an SQL exercise: a PostgreSQL, which is where the learner's SQL runs, and the
 * grader, which runs every task and reports over TAP, sharing a network namespace with no
 * network. The
 * learner's files travel in the grader's tar (`graderFiles` already holds them): they are data
 * the grader sends to the database, never code anything executes outside it.
 *
 * As in runPod, `handle` sees the outcome while the containers exist, both are removed before
 * this returns or throws, and only platform faults throw.
 */
export async function runSqlPod<T> (
  engine: DockerEngine, plan: PodPlan, graderFiles: FileMap, options: PodOptions,
  handle: (outcome: PodOutcome) => Promise<T>
): Promise<{ handled: T, teardownMs: number }> {
  const started = performance.now()
  const databaseLog = new TailBuffer(4096)
  const graderOut = new HeadBuffer(options.graderOutputCapBytes)
  let readyAt: number | undefined
  const graderLines = new LineReader((line) => {
    if (readyAt === undefined && line.startsWith(READY_MARK)) readyAt = performance.now()
  })
  const containers: SandboxContainer[] = []
  const timings: PodOutcome['timings'] = { containerStartMs: 0 }
  let handled: T
  let teardownMs = 0

  try {
    const graderTar = await packFiles(graderFiles)
    const keepLog = (chunk: Buffer): void => { databaseLog.push(chunk) }
    // The grader first, owning the namespace: it waits for the database itself (run.mjs polls its
    // port, then logs in with retries), so Node loads while PostgreSQL unpacks and starts.
    const grader = await engine.create(sqlGraderSpec(plan), {
      stdout: (chunk) => { graderOut.push(chunk); graderLines.push(chunk) },
      stderr: () => {}
    })
    containers.push(grader)
    // allSettled, not all: when one side fails, the other may still be creating a container,
    // and `finally` can only remove the containers that exist by then.
    const [graderStarted, databaseStarted] = await Promise.allSettled([
      grader.start(graderTar),
      engine.create(sqlDatabaseSpec(plan, grader.id), { stdout: keepLog, stderr: keepLog })
        .then(async (database) => { containers.push(database); await database.start(Buffer.alloc(0)); return database })
    ])
    if (graderStarted.status === 'rejected') throw graderStarted.reason
    if (databaseStarted.status === 'rejected') throw databaseStarted.reason
    const database = databaseStarted.value
    const graderStartedAt = performance.now()
    timings.containerStartMs = Math.round(graderStartedAt - started)

    const outcome = await Promise.race([
      grader.exited.then(() => 'grader-done' as const),
      database.exited.then(() => 'database-gone' as const),
      delay(plan.limits.deadlineMs).then(() => 'deadline' as const),
      aborted(options.signal)
    ])
    if (outcome === 'aborted') throw new Error('grading was cancelled (the worker is shutting down)')
    let learnerExit: PodOutcome['learnerExit']
    if (outcome === 'database-gone') {
      // The server process is the platform's; only the container's memory cap, which the
      // learner's queries fill, makes its death theirs.
      const exit = await database.exited
      if (!exit.oomKilled) {
        throw new Error(`the database exited with code ${exit.exitCode} during grading; its log ends: ${databaseLog.text().slice(-500)}`)
      }
      learnerExit = { ...exit, beforeReady: false }
    }
    if (outcome !== 'grader-done') await grader.kill()
    await grader.exited
    if (readyAt !== undefined) {
      timings.servicesReadyMs = Math.max(0, Math.round(readyAt - graderStartedAt))
      timings.gradingMs = Math.round(performance.now() - readyAt)
    }

    handled = await handle({
      graderTap: graderOut.text(),
      graderTapTruncated: graderOut.truncated,
      // PostgreSQL's log holds the grader's statements (the hidden dataset among them): not shown.
      learnerLog: '',
      ...(learnerExit !== undefined && { learnerExit }),
      timedOut: outcome === 'deadline',
      outputLimitExceeded: false,
      pidsLimitHit: false,
      restarts: 0,
      timings
    })
  } finally {
    const teardownStarted = performance.now()
    await Promise.all(containers.map(async (c) => { await c.remove() }))
    teardownMs = Math.round(performance.now() - teardownStarted)
  }
  return { handled, teardownMs }
}
