import { randomBytes } from 'node:crypto'
import { UnrecoverableError, type Job } from 'bullmq'
import type { Logger } from 'pino'
import type { Config } from '../../shared/config.js'
import type { DockerEngine } from '../../shared/docker/docker-engine.js'
import type { ExercisesRepository } from '../../shared/exercise/exercises-repository.js'
import type { Manifest } from '../../shared/exercise/manifest-schema.js'
import type { GradeJobData } from '../../shared/queue/grade-queue.js'
import { checkGradingResult, type GradingResult } from '../../shared/submission/result-schema.js'
import type { SubmissionsRepository } from '../../shared/submission/submissions-repository.js'
import { ceilings, tighten, type SandboxLimits } from '../../shared/sandbox-limits.js'
import { runPod, type PodOptions, type PodOutcome } from '../pod/run-pod.js'
import { runSqlPod } from '../pod/run-sql-pod.js'
import type { SqlPodPool } from '../pod/sql-pod-pool.js'
import type { PodPlan } from '../pod/pod-spec.js'
import { sqlSubmissionFiles } from '../../shared/exercise/sql-tasks.js'
import { buildResult, PlatformFault } from './build-result.js'
import { STRETCH_SLACK, type HostLoad } from '../pod/host-load.js'
import { progressFromTapLine } from './tap-progress.js'

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
}

/** How long starting a pod may take before its containers count as abandoned. */
const POD_START_ALLOWANCE_MS = 30_000

/** `validationId`: the package validation this grading is a check of, which may now be settled. */
export type GradeJobResult = { graded: true, status: string, verdict: string, validationId: string | null } | { graded: false, reason: string }

/**
 * The BullMQ processor. A learner's failing code returns normally (the job completes with a
 * result); a platform fault throws, so BullMQ retries it with backoff.
 */
export function createGradeProcessor (deps: GradeDeps) {
  return async (job: Job<GradeJobData>, _token?: string, signal?: AbortSignal): Promise<GradeJobResult> => {
    const pickedUpAt = Date.now()
    const id = job.data.submissionId
    const submission = await deps.submissions.claim(id)
    if (submission === undefined) return { graded: false, reason: 'already finished or unknown' }

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
      deadlineAt: pickedUpAt + Math.round(limits.deadlineMs * timeScale) + POD_START_ALLOWANCE_MS,
      timeScale,
      graderCpus: deps.config.GRADER_CPUS
    }
    // Each test the grader reports is announced as it happens, in order; a failure to announce
    // is logged and never fails the grading (the stored result does not depend on it).
    let announced = Promise.resolve()
    const announce = (line: string): void => {
      const test = progressFromTapLine(line)
      if (test === undefined) return
      announced = announced.then(async () => { await deps.submissions.recordProgress(id, submission.attempts, test) })
        .catch((err: unknown) => { deps.logger.warn({ err, submissionId: id }, 'could not announce a test') })
    }
    const podOptions: PodOptions = {
      logTailBytes: deps.config.SANDBOX_LOG_TAIL_BYTES,
      graderOutputCapBytes: deps.config.GRADER_OUTPUT_CAP_BYTES,
      onGraderLine: announce,
      ...(signal !== undefined && { signal })
    }
    const store = async (outcome: PodOutcome): Promise<{ saved: boolean, result: GradingResult }> => {
      const { window } = outcome
      const slowdown = window === undefined
        ? undefined
        : deps.hostLoad?.slowdownDuring(window.from, window.to, (window.learnerCpuMs ?? 0) / Math.max(1, window.to - window.from))
      const result = buildResult(outcome, {
        ...(manifest.port !== undefined && { port: manifest.port }),
        sql,
        limits,
        timeScale,
        ...(slowdown !== undefined && { slowdown, stretchSlack: STRETCH_SLACK }),
        ...(window?.cpuWaitMs !== undefined && { learnerCpuWait: window.cpuWaitMs.learner / Math.max(1, window.to - window.from) }),
        timings: { queueWaitMs: Math.max(0, (job.processedOn ?? pickedUpAt) - job.timestamp) }
      })
      result.timings.totalMs = Date.now() - submission.createdAt.getTime()
      const checked = checkGradingResult(result)
      if (!checked.ok) throw new PlatformFault(`the grading result failed validation: ${checked.errors.join('; ')}`)
      await announced // watchers see every test before the result
      // Stored before the containers are removed: the learner does not wait for teardown.
      const saved = await deps.submissions.saveResult(id, submission.attempts, checked.value)
      return { saved, result: checked.value }
    }
    const { handled, teardownMs, warm } = sql
      // The learner's SQL files are data for the grader to run in the pod's database.
      ? await runSqlPod(deps.engine, plan, { ...exercise.graderFiles, ...sqlSubmissionFiles(submission.files) },
        { ...podOptions, ...(deps.sqlPods !== undefined && { pool: deps.sqlPods }) }, store)
      : { ...await runPod(deps.engine, plan, submission.files, exercise.graderFiles, podOptions, store), warm: false }

    const { saved, result } = handled
    if (!saved) return { graded: false, reason: 'a newer attempt owns this submission' }
    await deps.submissions.recordTiming(id, 'teardownMs', teardownMs)
    deps.logger.info({ submissionId: id, verdict: result.verdict, score: result.score, timings: { ...result.timings, teardownMs }, warmPod: warm }, 'graded')
    return { graded: true, status: result.status, verdict: result.verdict, validationId: submission.validationId }
  }
}

/** A fresh value per grading: nothing a learner saw in an earlier grading is worth anything now. */
function randomSecret (): string {
  return randomBytes(24).toString('hex')
}

/** The platform's ceilings, lowered (never raised) by the exercise's own limits. */
export function effectiveLimits (config: Config, manifest: Manifest): SandboxLimits {
  return tighten(ceilings(config), manifest.limits)
}
