import { Worker } from 'bullmq'
import type { Logger } from 'pino'
import type { Config } from '../platform/config.js'
import { createPool } from '../platform/db/pool.js'
import { migrate } from '../platform/db/migrate.js'
import { createDockerEngine } from '../platform/docker/docker-engine.js'
import { createExercisesRepository } from '../exercise/exercises-repository.js'
import { createValidationsRepository } from '../exercise-package/validations-repository.js'
import { createGradeQueue, gradingBackoff, type GradeJobData } from '../submission/grade-queue.js'
import { createRedis } from '../platform/redis.js'
import { createSubmissionsRepository, HOST_BUSY_MESSAGE } from '../submission/submissions-repository.js'
import { createGradeProcessor, type GradeJobResult } from '../grading/grade-submission.js'
import { reapExpiredContainers } from './maintenance/reaper.js'
import { reconcileSubmissions } from './maintenance/reconciler.js'
import { createSqlPodPool, type SqlPodPool } from '../grading/pod/sql-pod-pool.js'
import { createHostLoad, MAX_TIME_SCALE } from '../grading/pod/host-load.js'
import { createDockerFaults, createInfraHealth, dockerAnswers, guardEngine, postgresAnswers, redisAnswers, whenAvailable, type InfraHealth } from '../grading/infra-health.js'
import { createInfraAttempts } from '../grading/infra-attempts.js'

export interface GradingWorker {
  worker: Worker<GradeJobData, GradeJobResult>
  sqlPods: SqlPodPool
  /** Runs the reconciler once now (it also runs on its interval). */
  reconcile: () => Promise<{ requeued: number, gaveUp: number }>
  /** Whether the worker is paused because Docker, PostgreSQL or Redis is down. */
  infra: InfraHealth
  close: () => Promise<void>
}

/** The worker's composition root: builds every client once and owns their shutdown. */
export async function buildGradingWorker (config: Config, logger: Logger): Promise<GradingWorker> {
  const pool = createPool(config.DATABASE_URL, (err) => { logger.warn({ err: err.message }, 'idle database connection lost') }, config)
  await whenAvailable('migrations', async () => { await migrate(pool) }, logger)
  // Every failure to reach the daemon is told from the daemon's answers (infra-health.ts).
  const dockerFaults = createDockerFaults()
  const engine = guardEngine(createDockerEngine(config.DOCKER_SOCKET, { sandboxRuntime: config.SANDBOX_RUNTIME }), dockerFaults, config.DOCKER_SOCKET)
  await whenAvailable('docker ping', engine.ping, logger)
  // Which runtime learner code gets (gVisor's runsc, or runc), said once at boot; a fallback loudly.
  const sandbox = await engine.sandboxRuntime()
  if (sandbox.fallback !== undefined) logger.warn({ setting: config.SANDBOX_RUNTIME }, `sandbox runtime: ${sandbox.fallback}`)
  else logger.info({ setting: config.SANDBOX_RUNTIME, runtime: sandbox.runtime }, 'sandbox runtime')
  const submissions = createSubmissionsRepository(pool)
  const exercises = createExercisesRepository(pool)
  const validations = createValidationsRepository(pool)
  const redis = createRedis(config.REDIS_URL, 'worker')
  const gradeQueue = createGradeQueue(config.QUEUE_NAME, redis, config.JOB_ATTEMPTS, config.JOB_BACKOFF_MS)
  const infra = createInfraHealth({
    probes: {
      docker: async () => await dockerAnswers(config.DOCKER_SOCKET),
      postgres: async () => await postgresAnswers(pool),
      redis: async () => await redisAnswers(redis)
    },
    logger
  })

  await reapExpiredContainers(engine, logger)
  const hostLoad = createHostLoad({ statPath: config.HOST_STAT_PATH })
  const sqlPods = createSqlPodPool(engine, {
    size: config.SQL_WARM_PODS,
    imagePrefix: config.IMAGE_PREFIX,
    graderCpus: config.GRADER_CPUS,
    graderOutputCapBytes: config.GRADER_OUTPUT_CAP_BYTES,
    // A claimed pod's deadline may be stretched for a busy host: the reaper must not take it first.
    deadlineCeilingMs: config.SANDBOX_DEADLINE_MS * MAX_TIME_SCALE,
    logger
  })

  const worker = new Worker<GradeJobData, GradeJobResult>(
    config.QUEUE_NAME,
    createGradeProcessor({
      config,
      engine,
      exercises,
      submissions,
      logger,
      sqlPods,
      hostLoad,
      infra: { health: infra, dockerFaults, attempts: createInfraAttempts(pool) }
    }),
    {
      connection: redis,
      concurrency: config.WORKER_CONCURRENCY,
      maxStalledCount: 1,
      settings: { backoffStrategy: (attemptsMade, _type, err) => gradingBackoff(attemptsMade, config.JOB_BACKOFF_MS, err) }
    }
  )
  infra.attach(worker)
  worker.on('error', (err) => { logger.error({ err }, 'worker error') })
  worker.on('failed', (job, err) => {
    if (job === undefined) return
    logger.error({ err, submissionId: job.data.submissionId, attemptsMade: job.attemptsMade }, 'grading attempt failed')
    void job.getState().then(async (state) => {
      // Only a job that will not be retried ends the submission; the learner is told it was not their code.
      if (state !== 'failed') return
      await submissions.markPlatformError(job.data.submissionId, `${err.name}: ${err.message}`,
        err.name === 'HostBusy' ? HOST_BUSY_MESSAGE : undefined)
      await settleValidation(job.data.submissionId)
    }).catch((e: unknown) => { logger.error({ err: e }, 'could not record a failed grading') })
  })
  // The last grading of a package validation to finish settles it (the reconciler catches any missed).
  const settleValidation = async (submissionId: string): Promise<void> => {
    const status = await validations.settleFor(submissionId)
    if (status !== undefined) logger.info({ submissionId, status }, 'package validation settled')
  }
  // Learners' gradings, the hot path, cost nothing here: the result says whether it was a check.
  worker.on('completed', (job, result) => {
    if (!result.graded || result.validationId === null) return
    validations.settle(result.validationId).then((status) => {
      if (status !== undefined) logger.info({ validationId: result.validationId, status }, 'package validation settled')
    }).catch((err: unknown) => { logger.error({ err }, 'could not settle a package validation') })
  })

  const reconcile = async (): Promise<{ requeued: number, gaveUp: number }> => {
    const counts = await reconcileSubmissions(
      submissions, gradeQueue, logger,
      { stuckAfterMs: config.STUCK_AFTER_MS, deadlineMs: config.SANDBOX_DEADLINE_MS, maxAttempts: config.JOB_ATTEMPTS }
    )
    for (const id of await validations.runningIds()) {
      // One that cannot be settled must not keep the others waiting.
      await validations.settle(id).catch((err: unknown) => { logger.error({ err, validationId: id }, 'could not settle a package validation') })
    }
    return counts
  }
  const timers = [
    setInterval(() => { reapExpiredContainers(engine, logger).catch((err: unknown) => { logger.error({ err }, 'reaper failed') }) }, config.REAP_INTERVAL_MS),
    setInterval(() => { reconcile().catch((err: unknown) => { logger.error({ err }, 'reconciler failed') }) }, config.RECONCILE_INTERVAL_MS)
  ]

  return {
    worker,
    sqlPods,
    reconcile,
    infra,
    async close () {
      timers.forEach(clearInterval)
      infra.close()
      // A worker closed while BullMQ still sets up its connections (just started, or Redis came
      // back a moment ago) rejects with "Connection is closed."; let it finish setting up first.
      await Promise.all([worker.waitUntilReady(), gradeQueue.queue.waitUntilReady()]).catch(() => undefined)
      // Every client is closed even if one of them fails to, then the first failure is reported.
      const failures: unknown[] = []
      for (const step of [
        async () => { await worker.close() },
        async () => { await sqlPods.close() },
        async () => { hostLoad.close() },
        async () => { await gradeQueue.close() },
        async () => { await redis.quit() },
        async () => { await pool.end() }
      ]) await step().catch((err: unknown) => { failures.push(err) })
      for (const err of failures) logger.warn({ err }, 'a client did not close cleanly')
      if (failures.length > 0) throw failures[0]
    }
  }
}
