import type { DockerEngine, SandboxContainer } from '../../platform/docker/docker-engine.js'
import { HeadBuffer, TailBuffer } from './output-buffers.js'
import { sqlDatabaseSpec, sqlGraderSpec, type SqlPodInput } from './pod-spec.js'
import { LineReader, REPORT_COMPLETE_LINE } from './pod-waits.js'

const READY_MARK = '# backlab-ready-ms:'
const DATABASE_READY_LINE = 'backlab-sidecar-ready'

/**
 * The two started containers of an SQL pod: the grader, which owns the network namespace and
 * waits for its tar on stdin, and the PostgreSQL that joined it. Output is collected from the
 * start, so a warm pod keeps what the database said while it booted.
 */
export interface SqlPod {
  grader: SandboxContainer
  database: SandboxContainer
  graderOut: HeadBuffer
  databaseLog: TailBuffer
  /** When the grader printed its ready mark (the database answered), if it has. */
  graderReadyAt: () => number | undefined
  /** Sees each line of the grader's output from now on (a warm pod learns its watcher late). */
  onGraderLine: (listener: (line: string) => void) => void
  /** Resolves once the grader's report is complete (it may not have exited yet); never rejects. */
  reportComplete: Promise<void>
  /** Resolves once the database has set its passwords and accepts the grader; never rejects. */
  databaseReady: Promise<boolean>
  remove: () => Promise<void>
}

/**
 * Creates and starts an SQL pod. The grader goes first and owns the namespace; the database
 * joins it, so Node loads tap while PostgreSQL unpacks and starts. Nothing of an exercise is
 * in it yet: `grader.sendInput(tar)` gives it one. If starting fails, whatever was created is
 * removed before this throws.
 */
export async function startSqlPod (engine: DockerEngine, input: SqlPodInput, graderOutputCapBytes: number): Promise<SqlPod> {
  const graderOut = new HeadBuffer(graderOutputCapBytes)
  const databaseLog = new TailBuffer(4096)
  let readyAt: number | undefined
  let lineListener: (line: string) => void = () => {}
  let markReportComplete: () => void = () => {}
  const reportComplete = new Promise<void>((resolve) => { markReportComplete = resolve })
  const graderLines = new LineReader((line) => {
    lineListener(line)
    if (readyAt === undefined && line.startsWith(READY_MARK)) readyAt = performance.now()
    if (line === REPORT_COMPLETE_LINE) markReportComplete()
  })
  let markDatabaseReady: (ready: boolean) => void = () => {}
  const databaseReady = new Promise<boolean>((resolve) => { markDatabaseReady = resolve })
  const databaseLines = new LineReader((line) => { if (line === DATABASE_READY_LINE) markDatabaseReady(true) })

  const containers: SandboxContainer[] = []
  const remove = async (): Promise<void> => { await Promise.all(containers.map(async (c) => { await c.remove() })) }
  try {
    const grader = await engine.create(sqlGraderSpec(input), {
      stdout: (chunk) => { graderOut.push(chunk); graderLines.push(chunk) },
      stderr: () => {}
    })
    containers.push(grader)
    // allSettled, not all: when one side fails, the other may still be creating a container,
    // and only the containers that exist by then can be removed.
    const [graderStarted, databaseStarted] = await Promise.allSettled([
      grader.start(),
      engine.create(sqlDatabaseSpec(input, grader.id), {
        stdout: (chunk) => { databaseLog.push(chunk); databaseLines.push(chunk) },
        stderr: (chunk) => { databaseLog.push(chunk) }
      }).then(async (database) => { containers.push(database); await database.start(); return database })
    ])
    if (graderStarted.status === 'rejected') throw graderStarted.reason
    if (databaseStarted.status === 'rejected') throw databaseStarted.reason
    const database = databaseStarted.value
    void database.exited.then(() => { markDatabaseReady(false) })
    return {
      grader,
      database,
      graderOut,
      databaseLog,
      graderReadyAt: () => readyAt,
      onGraderLine: (listener) => { lineListener = listener },
      reportComplete,
      databaseReady,
      remove
    }
  } catch (err) {
    await remove()
    throw err
  }
}
