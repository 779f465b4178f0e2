import type { ContainerExit, DockerEngine, SandboxContainer } from '../../shared/docker/docker-engine.js'
import type { FileMap } from '../../shared/exercise/file-tree.js'
import { HeadBuffer, TailBuffer } from './output-buffers.js'
import { graderSpec, learnerSpec, type PodPlan } from './pod-spec.js'
import { packFiles } from './tar-files.js'

export interface PodOutcome {
  graderTap: string
  graderTapTruncated: boolean
  learnerLog: string
  learnerExit?: ContainerExit & { beforeReady: boolean }
  timedOut: boolean
  /** The learner wrote more than its output limit and the pod was stopped. */
  outputLimitExceeded: boolean
  /** The learner's container was refused a process or thread by its pids limit. */
  pidsLimitHit: boolean
  timings: { containerStartMs: number, serverReadyMs?: number, gradingMs?: number }
}

export interface PodOptions {
  logTailBytes: number
  graderOutputCapBytes: number
  signal?: AbortSignal
}

const READY_MARK = '# backlab-ready-ms:'
/** How often the pids cgroup is read: a refused fork leaves no other trace once the container is gone. */
const PIDS_POLL_MS = 200

/**
 * Runs one grading pod: the learner's server with no network, and the grader in its network
 * namespace. `handle` receives the outcome while the containers still exist, so the result can be
 * stored before teardown; whatever happens, both containers are removed before this returns or
 * throws. A learner's misbehaviour is reported in the outcome; only platform faults throw.
 */
export async function runPod<T> (
  engine: DockerEngine, plan: PodPlan, learnerFiles: FileMap, graderFiles: FileMap, options: PodOptions,
  handle: (outcome: PodOutcome) => Promise<T>
): Promise<{ handled: T, teardownMs: number }> {
  const started = performance.now()
  const learnerLog = new TailBuffer(options.logTailBytes)
  const outputCap = plan.limits.outputKb * 1024
  let outputLimitExceeded = false
  let onOutputLimit: () => void = () => {}
  const outputLimitHit = new Promise<'output-limit'>((resolve) => { onOutputLimit = () => { resolve('output-limit') } })
  const learnerOutput = (chunk: Buffer): void => {
    learnerLog.push(chunk)
    if (!outputLimitExceeded && learnerLog.totalBytes > outputCap) {
      outputLimitExceeded = true
      onOutputLimit()
    }
  }
  let pidsLimitHit = false
  let pidsWatch: NodeJS.Timeout | undefined
  const graderOut = new HeadBuffer(options.graderOutputCapBytes)
  let readyAt: number | undefined
  let seen = ''
  const containers: SandboxContainer[] = []
  const timings: PodOutcome['timings'] = { containerStartMs: 0 }
  let handled: T
  let teardownMs = 0

  try {
    const [learnerTar, graderTar] = await Promise.all([packFiles(learnerFiles), packFiles(graderFiles)])
    const learner = await engine.create(learnerSpec(plan), { stdout: learnerOutput, stderr: learnerOutput })
    containers.push(learner)
    const readPids = async (): Promise<void> => {
      if (((await engine.pidsLimitHits(learner.id)) ?? 0) > 0) pidsLimitHit = true
    }
    const [, grader] = await Promise.all([
      learner.start(learnerTar),
      engine.create(graderSpec(plan, learner.id), {
        stdout: (chunk) => {
          graderOut.push(chunk)
          if (readyAt === undefined) {
            seen = (seen + chunk.toString('utf8')).slice(-4096)
            if (seen.includes(READY_MARK)) readyAt = performance.now()
          }
        },
        stderr: () => {}
      }).then((g) => { containers.push(g); return g })
    ])

    let learnerExit: PodOutcome['learnerExit']
    let stopping = false
    const learnerExited = learner.exited.then((exit) => {
      // Only an exit the learner's code caused is part of the outcome, not the kill that ends the pod.
      if (!stopping) learnerExit = { ...exit, beforeReady: readyAt === undefined }
      return exit
    })

    const graderStarted = await grader.start(graderTar).then(() => true, async (err: unknown) => {
      // Joining the namespace fails when the learner's server has already exited; that is its outcome.
      const exit = await Promise.race([learnerExited, delay(1000).then(() => undefined)])
      if (exit === undefined) throw err
      return false
    })
    const graderStartedAt = performance.now()
    timings.containerStartMs = Math.round(graderStartedAt - started)
    pidsWatch = setInterval(() => { void readPids() }, PIDS_POLL_MS)

    let timedOut = false
    if (graderStarted) {
      // The learner's time starts once the pod is up: a slow start on a busy host is not theirs.
      const deadline = plan.limits.deadlineMs
      const outcome = await Promise.race([
        grader.exited.then(() => 'grader-done' as const),
        learnerExited.then(() => (readyAt === undefined ? 'learner-gone' as const : waitForever())),
        outputLimitHit,
        delay(deadline).then(() => 'deadline' as const),
        aborted(options.signal)
      ])
      if (outcome === 'aborted') throw new Error('grading was cancelled (the worker is shutting down)')
      timedOut = outcome === 'deadline'
      if (outcome !== 'grader-done') await grader.kill()
      await grader.exited
    }
    if (readyAt !== undefined) {
      timings.serverReadyMs = Math.round(readyAt - graderStartedAt)
      timings.gradingMs = Math.round(performance.now() - readyAt)
    }
    clearInterval(pidsWatch)
    await readPids()
    stopping = true
    await learner.kill()
    await learnerExited

    handled = await handle({
      graderTap: graderOut.text(),
      graderTapTruncated: graderOut.truncated,
      learnerLog: learnerLog.text(),
      ...(learnerExit !== undefined && { learnerExit }),
      timedOut,
      outputLimitExceeded,
      pidsLimitHit,
      timings
    })
  } finally {
    clearInterval(pidsWatch)
    const teardownStarted = performance.now()
    await Promise.all(containers.map(async (c) => { await c.remove() }))
    teardownMs = Math.round(performance.now() - teardownStarted)
  }
  return { handled, teardownMs }
}

async function delay (ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms).unref())
}

async function waitForever (): Promise<never> {
  return await new Promise<never>(() => {})
}

async function aborted (signal: AbortSignal | undefined): Promise<'aborted'> {
  if (signal === undefined) return await waitForever()
  if (signal.aborted) return 'aborted'
  return await new Promise((resolve) => signal.addEventListener('abort', () => resolve('aborted'), { once: true }))
}
