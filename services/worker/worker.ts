import closeWithGrace from 'close-with-grace'
import { loadConfig } from '../platform/config.js'
import { createLogger } from '../platform/logger.js'
import { buildGradingWorker } from './build-worker.js'

const config = loadConfig()
const logger = createLogger(config.LOG_LEVEL, 'worker', config)
const grading = await buildGradingWorker(config, logger)
logger.info({ queue: config.QUEUE_NAME, concurrency: config.WORKER_CONCURRENCY }, 'worker ready')

// Finish the jobs in hand before exiting; a grace period longer than a pod's deadline.
closeWithGrace({ delay: config.SANDBOX_DEADLINE_MS + 10_000 }, async ({ err }) => {
  if (err !== undefined) logger.error({ err }, 'shutting down after an error')
  await grading.close()
})
