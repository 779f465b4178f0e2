import Docker from 'dockerode'

/**
 * What a stopping Docker daemon does to running containers, done only to the pods of the given
 * submissions (other gradings on the host are not the drill's): kills them. Returns how many.
 */
export async function killPodsOf (submissionIds: ReadonlySet<string>, socketPath = '/var/run/docker.sock'): Promise<number> {
  const docker = new Docker({ socketPath })
  const running = await docker.listContainers({ filters: { label: ['backlab.managed=true'], status: ['running'] } })
  const ours = running.filter((c) => submissionIds.has(c.Labels['backlab.submission'] ?? ''))
  await Promise.all(ours.map(async (c) => { await docker.getContainer(c.Id).kill().catch(() => {}) }))
  return ours.length
}

/** The running containers of one submission's pod. */
export async function podsOf (submissionId: string, socketPath = '/var/run/docker.sock'): Promise<number> {
  const docker = new Docker({ socketPath })
  const running = await docker.listContainers({ filters: { label: [`backlab.submission=${submissionId}`], status: ['running'] } })
  return running.length
}

/** Removes whatever containers of these submissions are left (the drill's end, whatever happened). */
export async function removePodsOf (submissionIds: ReadonlySet<string>, socketPath = '/var/run/docker.sock'): Promise<number> {
  const docker = new Docker({ socketPath })
  const all = await docker.listContainers({ all: true, filters: { label: ['backlab.managed=true'] } })
  const ours = all.filter((c) => submissionIds.has(c.Labels['backlab.submission'] ?? ''))
  await Promise.all(ours.map(async (c) => { await docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => {}) }))
  return ours.length
}
