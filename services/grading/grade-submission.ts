import { randomBytes } from 'node:crypto'
import { DelayedError, UnrecoverableError, type Job } from 'bullmq'
import type { Logger } from 'pino'
import type { Config } from '../platform/config.js'
import type { DockerEngine } from '../platform/docker/docker-engine.js'
import type { ExercisesRepository } from '../exercise/exercises-repository.js'
import type { Manifest } from '../exercise/manifest-schema.js'
import type { GradeJobData } from '../submission/grade-queue.js'
import { checkGradingResult, type GradingResult } from '../submission/result-schema.js'
import type { ProgressTest, SubmissionsRepository } from '../submission/submissions-repository.js'
import { ceilings, tighten, type SandboxLimits } from '../platform/sandbox-limits.js'
import type { PodOptions, PodOutcome } from './pod/grading-pod.js'
import { createHttpPod } from './pod/http-pod.js'
import { createSqlGradingPod } from './pod/sql-grading-pod.js'
import type { SqlPodPool } from './pod/sql-pod-pool.js'
import type { PodPlan } from './pod/pod-spec.js'
import { sqlSubmissionFiles } from '../exercise/sql-tasks.js'
import { buildResult } from './build-result.js'
import { InfraDown, PlatformFault } from './grading-errors.js'
import { ownRunnable, STRETCH_SLACK, type HostLoad } from './pod/host-load.js'
import { classifyInfraError, type DockerFaults, type InfraHealth } from './infra-health.js'
import type { InfraAttempts } from './infra-attempts.js'

export interface GradeDeps {
  config: Config
  engine: DockerEngine
  exercises: ExercisesRepository
  submissions: SubmissionsRepository
  logger: Logger
  /** Warm SQL pods; without it every SQL submission starts its own. */
  sqlPods?: SqlPodPool
  /** The host's CPU load; without it every host counts as quiet (no stretching, no HostBusy). */
  hostLoad?: HostLoad
  /**
   * Outages: without it, a dependency that is down fails the attempt like any platform fault;
   * with it, the grading is put back uncounted and the worker paused until the dependency is back.
   */
  infra?: InfraDeps
}

export interface InfraDeps {
  health: InfraHealth
  /** Failures to reach the daemon, as the guarded engine (guardEngine) saw them. */
  dockerFaults: DockerFaults
  attempts: InfraAttempts
}

/** What the job carries once an outage put it back (the queue's GradeJobData, plus these). */
export interface InfraRetryData {
  /** How many times an outage has put this grading back. */
  infraRetries?: number
  /** The submission's attempt the last outage interrupted, which the retry takes back. */
  uncounted?: number
}

const INFRA_RETRY_MS = 1000
const MAX_INFRA_RETRY_MS = 60_000

/** `validationId`: the package validation this grading is a check of, which may now be settled. */
export type GradeJobResult = { graded: true, status: string, verdict: string, validationId: string | null } | { graded: false, reason: string }

/**
 * The BullMQ processor. A learner's failing code returns normally (the job completes with a
 * result); a platform fault throws, so BullMQ retries it with backoff.
 */
export function createGradeProcessor (deps: GradeDeps) {
  const grade = createGrading(deps)
  return async (job: Job<GradeJobData & InfraRetryData>, token?: string, signal?: AbortSignal): Promise<GradeJobResult> => {
    const attempt: AttemptState = {}
    try {
      return await grade(job, attempt, signal)
    } catch (err) {
      const dependency = deps.infra === undefined ? undefined : classifyInfraError(err)
      const retries = job.data.infraRetries ?? 0
      if (deps.infra === undefined || dependency === undefined || token === undefined || retries >= deps.config.INFRA_RETRIES_MAX) throw err
      deps.logger.warn({ err, submissionId: job.data.submissionId, dependency, infraRetries: retries + 1 },
        'an outage interrupted a grading: put back, not counted')
      // Paused before the job is given back, so this worker does not take the next one at once.
      await deps.infra.health.down(dependency)
      // Progress still being written for this attempt would land in the retry's, which has its number.
      await attempt.announced
      await job.updateData({
        submissionId: job.data.submissionId,
        infraRetries: retries + 1,
        ...(attempt.claimed !== undefined ? { uncounted: attempt.claimed } : job.data.uncounted !== undefined && { uncounted: job.data.uncounted })
      })
      // moveToDelayed leaves BullMQ's attemptsMade alone (skipAttempt); DelayedError tells the
      // worker the job was moved, not failed.
      await job.moveToDelayed(Date.now() + Math.min(MAX_INFRA_RETRY_MS, INFRA_RETRY_MS * 2 ** Math.min(retries, 6)), token)
      throw new DelayedError(`put back after an outage of ${dependency}`)
    }
  }
}

/** What one attempt got to, for the outage handler: the attempt it claimed, its progress writes. */
interface AttemptState {
  claimed?: number
  announced?: Promise<void>
}

function createGrading (deps: GradeDeps) {
  return async (job: Job<GradeJobData & InfraRetryData>, attempt: AttemptState, signal?: AbortSignal): Promise<GradeJobResult> => {
    const pickedUpAt = Date.now()
    const podStartedAt = performance.now()
    const id = job.data.submissionId
    const { uncounted, infraRetries } = job.data
    if (deps.infra !== undefined && uncounted !== undefined) {
      // The attempt an outage interrupted is given back once, then forgotten.
      await deps.infra.attempts.uncount(id, uncounted)
      await job.updateData({ submissionId: id, ...(infraRetries !== undefined && { infraRetries }) })
    }
    const submission = await deps.submissions.claim(id)
    if (submission === undefined) return { graded: false, reason: 'already finished or unknown' }
    attempt.claimed = submission.attempts
    const submittedAt = submission.createdAt.getTime()
    if ((infraRetries ?? 0) > 0) {
      // An outage may have left the interrupted attempt's containers, whose names this one reuses.
      const leftovers = await deps.engine.listByLabel(`backlab.submission=${id}`)
      await Promise.all(leftovers.map(async (c) => { await deps.engine.removeContainer(c.id) }))
    }

    const exercise = await deps.exercises.findForGrading(submission.exerciseSlug, submission.exerciseVersion)
    if (exercise === undefined) {
      throw new UnrecoverableError(`exercise ${submission.exerciseSlug}@${submission.exerciseVersion} is not in the database`)
    }
    const manifest = exercise.manifest
    if (!manifest.runtimes.includes(submission.runtime)) {
      throw new UnrecoverableError(`${submission.exerciseSlug}@${submission.exerciseVersion} does not accept runtime ${submission.runtime}`)
    }
    const limits = effectiveLimits(deps.config, manifest)
    const sql = submission.runtime === 'sql'
    const timeScale = deps.hostLoad?.timeScale() ?? 1
    const plan: PodPlan = {
      submissionId: id,
      attempt: submission.attempts,
      runtime: submission.runtime,
      ...(manifest.port !== undefined && { port: manifest.port }),
      services: manifest.services ?? [],
      secrets: {
        exercise: Object.fromEntries((manifest.secrets ?? []).map((name) => [name, randomSecret()])),
        controlToken: randomSecret(),
        postgresAdmin: randomSecret()
      },
      graderEntry: manifest.grader.entry,
      limits,
      imagePrefix: deps.config.IMAGE_PREFIX,
      // The reaper's deadline: the pod's own (counted from when it is up) plus room to start it.
      deadlineAt: pickedUpAt + Math.round(limits.deadlineMs * timeScale) + deps.config.POD_START_ALLOWANCE_MS,
      timeScale,
      graderCpus: deps.config.GRADER_CPUS
    }
    // Each test the grader reports is announced as it happens, in order; a failure to announce
    // is logged and never fails the grading (the stored result does not depend on it).
    let announced = Promise.resolve()
    const announce = (test: ProgressTest): void => {
      announced = announced.then(async () => { await deps.submissions.recordProgress(id, submission.attempts, test) })
        .catch((err: unknown) => { deps.logger.warn({ err, submissionId: id }, 'could not announce a test') })
      attempt.announced = announced
    }
    const podOptions: PodOptions = {
      logTailBytes: deps.config.SANDBOX_LOG_TAIL_BYTES,
      graderOutputCapBytes: deps.config.GRADER_OUTPUT_CAP_BYTES,
      sidecarReadyTimeoutMs: deps.config.SIDECAR_READY_TIMEOUT_MS,
      maxRestarts: deps.config.SERVER_RESTARTS_MAX,
      onTest: announce,
      ...(signal !== undefined && { signal })
    }
    const pod = sql
      // The learner's SQL files are data for the grader to run in the pod's database.
      ? createSqlGradingPod(deps.engine, plan, { ...exercise.graderFiles, ...sqlSubmissionFiles(submission.files) },
        { ...podOptions, ...(deps.sqlPods !== undefined && { pool: deps.sqlPods }) })
      : createHttpPod(deps.engine, plan, submission.files, exercise.graderFiles, podOptions)

    let saved: boolean
    let result: GradingResult
    let teardownMs: number
    try {
      await pod.start()
      const outcome = await pod.run()
      result = await verdictOf(outcome)
      await announced // watchers see every test before the result
      // Stored before the containers are removed: the learner does not wait for teardown.
      saved = await deps.submissions.saveResult(id, submission.attempts, result)
    } finally {
      teardownMs = await pod.dispose()
    }

    if (!saved) return { graded: false, reason: 'a newer attempt owns this submission' }
    await deps.submissions.recordTiming(id, 'teardownMs', teardownMs)
    deps.logger.info({ submissionId: id, verdict: result.verdict, score: result.score, timings: { ...result.timings, teardownMs }, warmPod: pod.warm }, 'graded')
    return { graded: true, status: result.status, verdict: result.verdict, validationId: submission.validationId }

    /**
     * The result of a pod's outcome, checked. An outcome a Docker outage shaped is not judged (it
     * is put back), nor is a failing verdict while the daemon does not answer.
     */
    async function verdictOf (outcome: PodOutcome): Promise<GradingResult> {
      if (deps.infra !== undefined) dockerStayed(deps.infra, outcome, podStartedAt)
      let checked: GradingResult
      try {
        checked = judge(outcome)
      } catch (err) {
        // A grader's report cut short by the outage is a platform fault too, but not a counted one.
        if (deps.infra !== undefined && classifyInfraError(err) === undefined) await dockerAnswers(deps.infra, err)
        throw err
      }
      if (deps.infra !== undefined && checked.status !== 'passed') await dockerAnswers(deps.infra)
      return checked
    }

    function judge (outcome: PodOutcome): GradingResult {
      const { window } = outcome
      const slowdown = window === undefined
        ? undefined
        : deps.hostLoad?.slowdownDuring(window.from, window.to, ownRunnable({
          ...window,
          ...(window.cpuWaitMs !== undefined && { learnerWaitMs: window.cpuWaitMs.learner })
        }))
      const built = buildResult(outcome, {
        ...(manifest.port !== undefined && { port: manifest.port }),
        sql,
        limits,
        timeScale,
        ...(slowdown !== undefined && { slowdown, stretchSlack: STRETCH_SLACK }),
        ...(window?.cpuWaitMs !== undefined && { learnerCpuWait: window.cpuWaitMs.learner / Math.max(1, window.to - window.from) }),
        timings: { queueWaitMs: Math.max(0, (job.processedOn ?? pickedUpAt) - job.timestamp) }
      })
      built.timings.totalMs = Date.now() - submittedAt
      const checked = checkGradingResult(built)
      if (!checked.ok) throw new PlatformFault(`the grading result failed validation: ${checked.errors.join('; ')}`)
      return checked.value
    }
  }
}

/**
 * A pod that lost the Docker daemon half-way (its containers killed as the daemon stopped, the
 * exit it could not report) looks like a learner's crash or hang, or a grader's fault: it is
 * judged only if the daemon stayed reachable throughout.
 */
function dockerStayed (infra: InfraDeps, outcome: PodOutcome, since: number): void {
  if (outcome.learnerExit?.exitCode === -1) throw new InfraDown('docker', 'the daemon could not report how the learner\'s server exited')
  if (infra.dockerFaults.lastAt() >= since) throw new InfraDown('docker', 'the daemon was unreachable while the pod ran')
}

/**
 * Asked after a pod that did not pass (an outage cannot make tests pass) or whose outcome made
 * no result: the daemon must still answer, or the outcome is the outage's.
 */
async function dockerAnswers (infra: InfraDeps, cause?: unknown): Promise<void> {
  if (!(await infra.health.probe('docker'))) throw new InfraDown('docker', 'the daemon does not answer after the pod', { cause })
}

/** A fresh value per grading: nothing a learner saw in an earlier grading is worth anything now. */
function randomSecret (): string {
  return randomBytes(24).toString('hex')
}

/** The platform's ceilings, lowered (never raised) by the exercise's own limits. */
export function effectiveLimits (config: Config, manifest: Manifest): SandboxLimits {
  return tighten(ceilings(config), manifest.limits)
}
