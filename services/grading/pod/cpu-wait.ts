import { readFile } from 'node:fs/promises'

/**
 * How long a container's tasks waited for a CPU, from the kernel's per-task scheduler statistics
 * (`/proc/<tid>/schedstat`: time on a CPU, time runnable but waiting for one). This is what
 * tells a slow host from slow code: a server that hangs or listens on the wrong port waits for
 * nothing, however busy the host; a correct server starved of CPU by other work waits a lot.
 *
 * Tasks come and go (a restart replaces the app's processes), so `sample()` is called often and
 * adds up each task's growth since it was last seen. Its own CPU quota throttling the container
 * (`throttled_time`: many busy threads) is counted apart: that wait is the learner's doing.
 */
export interface CpuWaitMeter {
  sample: () => Promise<void>
  /** Waiting for a CPU, and throttled by its own quota, in ms since the meter was made; undefined where unreadable. */
  totals: () => { waitedMs: number, throttledMs: number } | undefined
}

export function createCpuWaitMeter (containerId: string, roots: { cgroup?: string, proc?: string } = {}): CpuWaitMeter {
  const cgroup = roots.cgroup ?? '/sys/fs/cgroup'
  const proc = roots.proc ?? '/proc'
  const seen = new Map<string, number>()
  let waitedNs = 0
  let readable = false
  let baseline = true
  let throttledAtStart: number | undefined
  let throttledNow: number | undefined
  let sampling: Promise<void> | undefined

  const tasksOf = async (): Promise<string[] | undefined> => {
    for (const path of [
      `${cgroup}/cpu/docker/${containerId}/tasks`, // cgroup v1, cgroupfs driver
      `${cgroup}/cpu,cpuacct/docker/${containerId}/tasks`,
      `${cgroup}/docker/${containerId}/cgroup.threads`, // cgroup v2
      `${cgroup}/system.slice/docker-${containerId}.scope/cgroup.threads`
    ]) {
      const text = await readFile(path, 'utf8').catch(() => undefined)
      if (text !== undefined) return text.split('\n').filter((l) => /^\d+$/.test(l))
    }
    return undefined
  }
  const throttled = async (): Promise<number | undefined> => {
    for (const [path, unit] of [
      [`${cgroup}/cpu/docker/${containerId}/cpu.stat`, 'throttled_time'],
      [`${cgroup}/cpu,cpuacct/docker/${containerId}/cpu.stat`, 'throttled_time'],
      [`${cgroup}/docker/${containerId}/cpu.stat`, 'throttled_usec'],
      [`${cgroup}/system.slice/docker-${containerId}.scope/cpu.stat`, 'throttled_usec']
    ] as const) {
      const value = new RegExp(`^${unit} (\\d+)$`, 'm').exec(await readFile(path, 'utf8').catch(() => ''))?.[1]
      if (value !== undefined) return unit === 'throttled_usec' ? Number(value) * 1000 : Number(value)
    }
    return undefined
  }
  const read = async (): Promise<void> => {
    const tasks = await tasksOf()
    if (tasks === undefined) return
    await Promise.all(tasks.map(async (tid) => {
      const fields = (await readFile(`${proc}/${tid}/schedstat`, 'utf8').catch(() => '')).trim().split(/\s+/)
      const waited = Number(fields[1])
      if (fields.length < 3 || !Number.isFinite(waited)) return
      readable = true
      // Tasks there at the first sample count from it; a task first seen later was born since
      // (a restarted app, a new thread), and all its waiting is in the window.
      const before = seen.get(tid) ?? (baseline ? waited : 0)
      if (waited >= before) waitedNs += waited - before
      seen.set(tid, waited)
    }))
    if (readable) baseline = false
    const now = await throttled()
    if (now !== undefined) {
      throttledAtStart ??= now
      throttledNow = now
    }
  }

  return {
    async sample () {
      // One read at a time: a slow read on a busy host must not pile up more.
      sampling ??= read().finally(() => { sampling = undefined })
      await sampling
    },
    totals () {
      if (!readable) return undefined
      return {
        waitedMs: Math.round(waitedNs / 1e6),
        throttledMs: throttledNow === undefined || throttledAtStart === undefined ? 0 : Math.round((throttledNow - throttledAtStart) / 1e6)
      }
    }
  }
}
