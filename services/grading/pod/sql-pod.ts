import type { DockerEngine, SandboxContainer } from '../../platform/docker/docker-engine.js'
import { TailBuffer } from './output-buffers.js'
import { GraderOutput } from './grading-pod.js'
import { sqlDatabaseSpec, sqlGraderSpec, type SqlPodInput } from './pod-spec.js'
import { LineReader, SIDECAR_READY_LINE } from './pod-waits.js'

/**
 * The two started containers of an SQL pod: the grader, which owns the network namespace and
 * waits for its tar on stdin, and the PostgreSQL that joined it. Output is collected from the
 * start, so a warm pod keeps what the database said while it booted.
 */
export interface SqlPod {
  grader: SandboxContainer
  database: SandboxContainer
  /**
   * The grader's output, read from the start (its reader's `readyAt` says when the database
   * answered, `reportComplete` when the report is whole; a warm pod learns its watcher late).
   */
  graderOut: GraderOutput
  databaseLog: TailBuffer
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
  const graderOut = new GraderOutput(graderOutputCapBytes)
  const databaseLog = new TailBuffer(4096)
  let markDatabaseReady: (ready: boolean) => void = () => {}
  const databaseReady = new Promise<boolean>((resolve) => { markDatabaseReady = resolve })
  const databaseLines = new LineReader((line) => { if (line === SIDECAR_READY_LINE) markDatabaseReady(true) })

  const containers: SandboxContainer[] = []
  const remove = async (): Promise<void> => { await Promise.all(containers.map(async (c) => { await c.remove() })) }
  try {
    const grader = await engine.create(sqlGraderSpec(input), {
      stdout: (chunk) => { graderOut.push(chunk) },
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
      databaseReady,
      remove
    }
  } catch (err) {
    await remove()
    throw err
  }
}
