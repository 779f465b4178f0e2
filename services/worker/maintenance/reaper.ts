import type { Logger } from 'pino'
import type { DockerEngine } from '../../shared/docker/docker-engine.js'

/** Time after a pod's deadline before its containers count as abandoned. */
const GRACE_MS = 5000

/**
 * Removes sandbox containers whose pod deadline has passed: whatever created them (a worker that
 * crashed, was killed, or lost its job) is no longer waiting for them. Live pods are left alone,
 * so several workers on one Docker host can reap without harming each other.
 */
export async function reapExpiredContainers (engine: DockerEngine, logger: Logger, now = Date.now()): Promise<number> {
  const containers = await engine.listByLabel('backlab.managed=true')
  const expired = containers.filter((c) => {
    const deadline = Number(c.labels['backlab.deadline'])
    return !Number.isFinite(deadline) || deadline + GRACE_MS < now
  })
  await Promise.all(expired.map(async (c) => { await engine.removeContainer(c.id) }))
  if (expired.length > 0) {
    logger.warn({ removed: expired.map((c) => ({ id: c.id.slice(0, 12), submission: c.labels['backlab.submission'] })) },
      'reaped abandoned sandbox containers')
  }
  return expired.length
}
