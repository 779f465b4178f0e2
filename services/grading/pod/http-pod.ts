import type { ContainerExit, DockerEngine, SandboxContainer } from '../../platform/docker/docker-engine.js'
import type { FileMap } from '../../platform/file-tree.js'
import { TailBuffer, type TimeMark } from './output-buffers.js'
import { GraderOutput, podCpuWaits, timedWindow, type GradingPod, type PodOptions, type PodOutcome } from './grading-pod.js'
import { graderSpec, learnerSpec, postgresSpec, type PodPlan } from './pod-spec.js'
import { packFiles } from '../../platform/tar-files.js'
import { aborted, delay, LineReader, SIDECAR_READY_LINE, waitForever } from './pod-waits.js'
import { MARK } from '../../../graders/node/lib/protocol.mjs'
import { GradingCancelled, PodFault } from '../grading-errors.js'

/** The grader's request to restart the learner's server; valid only with the pod's control token. */
const RESTART_REQUEST = MARK.restartServer
/**
 * The grader library's note that a test begins, by its own clock, before it sends anything:
 * `# backlab-test-start <control token> <Date.now()> <test name as JSON>`. The token makes it the
 * grader's: nothing the learner's code answers can forge it (markTestStart, graders/node/lib/bounded.mjs).
 */
const TEST_START = MARK.testStart
/** More than any suite has tests: the marks a grader can make are bounded too. */
const MAX_TEST_MARKS = 500
/** Without a setting (SERVER_RESTARTS_MAX): more restarts than any suite needs. */
const DEFAULT_MAX_RESTARTS = 5
/** Without a setting (SIDECAR_READY_TIMEOUT_MS). */
const DEFAULT_SERVICE_READY_TIMEOUT_MS = 20_000
/** How often the pids cgroup is read: a refused fork leaves no other trace once the container is gone. */
const PIDS_POLL_MS = 200

/**
 * One grading pod for a server: the learner's server with no network, and the grader in its
 * network namespace (a sidecar such as PostgreSQL joins it too, if the exercise has one).
 */
export function createHttpPod (engine: DockerEngine, plan: PodPlan, learnerFiles: FileMap, graderFiles: FileMap, options: PodOptions): GradingPod {
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
  const graderOut = new GraderOutput(options.graderOutputCapBytes)
  graderOut.reader.onTest = options.onTest
  let restarts = 0
  let restart: () => void = () => {}
  const testStarts: TimeMark[] = []
  const testStartPrefix = `${TEST_START}${plan.secrets.controlToken} `
  // The grader's control lines (not TAP): where each test began, and requests for a restart.
  const controlLines = new LineReader((line) => {
    if (line.startsWith(testStartPrefix) && testStarts.length < MAX_TEST_MARKS) {
      const mark = parseTestStart(line.slice(testStartPrefix.length))
      if (mark !== undefined) testStarts.push(mark)
    }
    if (line.trim() === RESTART_REQUEST + plan.secrets.controlToken && restarts < (options.maxRestarts ?? DEFAULT_MAX_RESTARTS)) {
      restarts++
      restart()
    }
  })
  const containers: SandboxContainer[] = []
  const timings: PodOutcome['timings'] = { containerStartMs: 0 }
  // What start() sets up for run().
  let running: {
    learner: SandboxContainer
    grader: SandboxContainer
    graderStarted: boolean
    graderStartedAt: number
    cpuAtStart: number | undefined
    cpuWaits: ReturnType<typeof podCpuWaits>
    learnerExited: Promise<ContainerExit>
    learnerExit: () => PodOutcome['learnerExit']
    stop: () => void
    readPids: () => Promise<void>
  } | undefined
  let disposed: Promise<number> | undefined

  return {
    warm: false,

    async start () {
      const [learnerTar, graderTar] = await Promise.all([packFiles(learnerFiles), packFiles(graderFiles)])
      const learner = await engine.create(learnerSpec(plan), { stdout: learnerOutput, stderr: learnerOutput })
      containers.push(learner)
      // The supervisor in the learner's image restarts the app's process group on SIGHUP.
      restart = () => { void learner.signal('SIGHUP').catch(() => {}) }
      const readPids = async (): Promise<void> => {
        if (((await engine.pidsLimitHits(learner.id)) ?? 0) > 0) pidsLimitHit = true
      }
      const startLearner = async (): Promise<void> => {
        if (plan.services.length === 0) return await learner.start(learnerTar)
        // The learner's entrypoint waits for its files on stdin: holding them back until the
        // sidecars are ready means the app never starts against a database that is not there yet.
        await learner.start()
        const servicesStarted = performance.now()
        await startServices(engine, plan, learner.id, containers, options.sidecarReadyTimeoutMs ?? DEFAULT_SERVICE_READY_TIMEOUT_MS)
        timings.servicesReadyMs = Math.round(performance.now() - servicesStarted)
        learner.sendInput(learnerTar)
      }
      // allSettled, not all: when one side fails, the other may still be creating a container,
      // and dispose() can only remove the containers that exist by then.
      const [learnerStarted, graderCreated] = await Promise.allSettled([
        startLearner(),
        engine.create(graderSpec(plan, learner.id), {
          stdout: (chunk) => {
            graderOut.push(chunk)
            controlLines.push(chunk)
          },
          stderr: () => {}
        }).then((g) => { containers.push(g); return g })
      ])
      if (learnerStarted.status === 'rejected') throw learnerStarted.reason
      if (graderCreated.status === 'rejected') throw graderCreated.reason
      const grader = graderCreated.value
      const cpuWaits = podCpuWaits(learner.id, grader.id)

      let learnerExit: PodOutcome['learnerExit']
      let stopping = false
      const learnerExited = learner.exited.then((exit) => {
        // Only an exit the learner's code caused is part of the outcome, not the kill that ends the pod.
        if (!stopping) learnerExit = { ...exit, beforeReady: graderOut.reader.readyAt === undefined }
        return exit
      })

      const graderStarted = await grader.start(graderTar).then(() => true, async (err: unknown) => {
        // Joining the namespace fails when the learner's server has already exited; that is its outcome.
        const exit = await Promise.race([learnerExited, delay(1000).then(() => undefined)])
        if (exit === undefined) throw err
        return false
      })
      const graderStartedAt = performance.now()
      const [cpuAtStart] = await Promise.all([engine.cpuUsageMs(learner.id), cpuWaits.sample()])
      timings.containerStartMs = Math.round(graderStartedAt - started)
      pidsWatch = setInterval(() => { void readPids(); void cpuWaits.sample() }, PIDS_POLL_MS)
      running = {
        learner,
        grader,
        graderStarted,
        graderStartedAt,
        cpuAtStart,
        cpuWaits,
        learnerExited,
        readPids,
        learnerExit: () => learnerExit,
        stop: () => { stopping = true }
      }
    },

    async run () {
      if (running === undefined) throw new PodFault('run() before start()')
      const { learner, grader, graderStarted, graderStartedAt, cpuAtStart, cpuWaits, learnerExited, readPids } = running
      let timedOut = false
      if (graderStarted) {
        // The learner's time starts once the pod is up: a slow start on a busy host is not theirs,
        // and on a busy host it is stretched by the share of a core the pod could expect.
        const deadline = Math.round(plan.limits.deadlineMs * plan.timeScale)
        const outcome = await Promise.race([
          grader.exited.then(() => 'grader-done' as const),
          learnerExited.then(() => (graderOut.reader.readyAt === undefined ? 'learner-gone' as const : waitForever())),
          outputLimitHit,
          delay(deadline).then(() => 'deadline' as const),
          aborted(options.signal)
        ])
        if (outcome === 'aborted') throw new GradingCancelled('grading was cancelled (the worker is shutting down)')
        timedOut = outcome === 'deadline'
        if (outcome !== 'grader-done') await grader.kill()
        await grader.exited
      }
      const readyAt = graderOut.reader.readyAt
      if (readyAt !== undefined) {
        timings.serverReadyMs = Math.round(readyAt - graderStartedAt)
        timings.gradingMs = Math.round(performance.now() - readyAt)
      }
      const window = { from: graderStartedAt, to: performance.now() }
      const [cpuAtEnd] = await Promise.all([engine.cpuUsageMs(learner.id), cpuWaits.sample()])
      const cpuWaitMs = cpuWaits.read()
      clearInterval(pidsWatch)
      await readPids()
      if (running.learnerExit() === undefined) await awaitOwnExit(engine, learner.id, learnerExited)
      running.stop()
      await learner.kill()
      await learnerExited

      const learnerExit = running.learnerExit()
      const log = learnerLog.textWithMarks(testStarts)
      return {
        report: graderOut.reader.end(),
        graderTap: graderOut.kept.text(),
        graderTapTruncated: graderOut.kept.truncated,
        learnerLog: log.text,
        learnerLogMarks: log.marks,
        ...(learnerExit !== undefined && { learnerExit }),
        timedOut,
        outputLimitExceeded,
        pidsLimitHit,
        timings,
        window: timedWindow(window, cpuAtStart, cpuAtEnd, cpuWaitMs)
      }
    },

    async dispose () {
      disposed ??= (async () => {
        clearInterval(pidsWatch)
        const teardownStarted = performance.now()
        await Promise.all(containers.map(async (c) => { await c.remove() }))
        return Math.round(performance.now() - teardownStarted)
      })()
      return await disposed
    }
  }
}

/** How long an exit the runtime says is on its way may take to reach Docker (a busy host, runsc). */
const OWN_EXIT_GRACE_MS = 10_000
/** How long to wait when a runsc sandbox does not answer (it may be tearing down, or just slow). */
const UNANSWERED_EXIT_GRACE_MS = 5_000

/**
 * The learner's server can end on its own after the grader's last test saw it go: under runsc its
 * container's exit (the supervisor's report of the app's wait status) reaches Docker only once
 * gVisor's sandbox has torn down, which can be after the grader is done. Killing the container
 * then would lose that exit and turn a crash into failed tests. So when the runtime's kernel says
 * nothing but the supervisor is left, the exit is awaited; a kill after that is ours.
 */
async function awaitOwnExit (engine: DockerEngine, id: string, exited: Promise<ContainerExit>): Promise<void> {
  const ended = await engine.appEnded(id)
  if (ended === false) return
  await Promise.race([exited, delay(ended === true ? OWN_EXIT_GRACE_MS : UNANSWERED_EXIT_GRACE_MS)])
}

/** `<ms> <name as JSON>` of a test-start line; undefined when it is not that. */
function parseTestStart (rest: string): TimeMark | undefined {
  const space = rest.indexOf(' ')
  const atMs = Number(rest.slice(0, space))
  if (space < 0 || !Number.isFinite(atMs)) return undefined
  try {
    const test: unknown = JSON.parse(rest.slice(space + 1))
    return typeof test === 'string' ? { test: test.slice(0, 300), atMs } : undefined
  } catch {
    return undefined
  }
}

/**
 * Starts the pod's sidecars in the learner's network namespace and waits until each says it is
 * ready. A sidecar that fails is the platform's fault, never the learner's: this throws.
 */
async function startServices (engine: DockerEngine, plan: PodPlan, learnerId: string, containers: SandboxContainer[], readyTimeoutMs: number): Promise<void> {
  await Promise.all(plan.services.map(async (service) => {
    let log = ''
    let onReady: () => void = () => {}
    const ready = new Promise<'ready'>((resolve) => { onReady = () => { resolve('ready') } })
    const lines = new LineReader((line) => { if (line.trim() === SIDECAR_READY_LINE) onReady() })
    const keep = (chunk: Buffer): void => { log = (log + chunk.toString('utf8')).slice(-2000) }
    const sidecar = await engine.create(postgresSpec(plan, learnerId), {
      stdout: (chunk) => { keep(chunk); lines.push(chunk) },
      stderr: keep
    })
    containers.push(sidecar)
    await sidecar.start(Buffer.alloc(0))
    const outcome = await Promise.race([
      ready,
      sidecar.exited.then((exit) => `exited with code ${exit.exitCode}`),
      delay(readyTimeoutMs).then(() => `was not ready within ${readyTimeoutMs} ms`)
    ])
    if (outcome !== 'ready') throw new PodFault(`the ${service} sidecar ${outcome}; its output ends: ${log.slice(-500)}`)
  }))
}
