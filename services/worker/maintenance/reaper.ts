import { hostname } from 'node:os'
import type { Logger } from 'pino'
import type { DockerEngine } from '../../platform/docker/docker-engine.js'

/** Time after a pod's deadline before its containers count as abandoned. */
const GRACE_MS = 5000

/**
 * Removes sandbox containers nobody is waiting for: those past their pod's deadline, and those
 * whose worker process on this host has exited (crashed or killed), which a restarted worker
 * finds at once. Pods of live workers are left alone, so several workers can share a Docker host.
 */
export async function reapExpiredContainers (engine: DockerEngine, logger: Logger, now = Date.now()): Promise<number> {
  const containers = await engine.listByLabel('backlab.managed=true')
  const here = hostname()
  const expired = containers.filter((c) => {
    const deadline = Number(c.labels['backlab.deadline'])
    if (!Number.isFinite(deadline) || deadline + GRACE_MS < now) return true
    return c.labels['backlab.worker-host'] === here && !processExists(Number(c.labels['backlab.worker-pid']))
  })
  await Promise.all(expired.map(async (c) => { await engine.removeContainer(c.id) }))
  if (expired.length > 0) {
    logger.warn({ removed: expired.map((c) => ({ id: c.id.slice(0, 12), submission: c.labels['backlab.submission'] })) },
      'reaped abandoned sandbox containers')
  }
  return expired.length
}

function processExists (pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
