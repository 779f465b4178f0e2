import { readFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'

/**
 * How busy the host's CPUs are, from the kernel: the number of runnable tasks (`procs_running`
 * in /proc/stat), sampled a few times a second. A busy host is normal (deadlines, shared CI), and
 * nothing its slowness causes may become a learner's verdict, so the worker uses this twice:
 *
 * - before a pod starts, to stretch the time limits that mean "your code is too slow" by the
 *   share of a core a new task can expect (`timeScale`);
 * - after a grading, to tell whether the host slowed down more than that while the learner's
 *   code was timed (`slowdownDuring`): then a limit that ran out says nothing about the code,
 *   and the grading is retried, never reported as the learner's failure.
 */
export interface HostLoad {
  /** The factor time limits are stretched by for a pod starting now: 1 on a quiet host, at most MAX_TIME_SCALE. */
  timeScale: () => number
  /**
   * How much slower than on a quiet host a task ran during [from, to] (performance.now() times):
   * the runnable tasks besides the learner's own, plus one, per core, and at least 1.
   * `ownRunnable` is how many of the learner's container's tasks were runnable then, on average
   * (`ownRunnable()`): its own load is not the host's. Undefined when nothing was sampled then.
   */
  slowdownDuring: (from: number, to: number, ownRunnable?: number) => number | undefined
  close: () => void
}

/**
 * A verdict that depended on time is the learner's when the limits were stretched at least as
 * much as the host slowed down while their code ran (with this much slack for sampling noise);
 * otherwise the load rose after the pod started, or past the cap, and the grading is retried.
 */
export const STRETCH_SLACK = 1.25

const SAMPLE_MS = 100
/** Long enough for the longest grading (deadline ceiling) and its start. */
const KEEP_MS = 180_000
/** What a pod starting now sees: the last few seconds, not a minute's average. */
const RECENT_MS = 3000
export const MAX_TIME_SCALE = 4

export function createHostLoad (options: { cpus?: number, statPath?: string } = {}): HostLoad {
  const cpus = options.cpus ?? availableParallelism()
  const statPath = options.statPath ?? '/proc/stat'
  const samples: Array<{ at: number, running: number }> = []
  let reading = false
  const sample = async (): Promise<void> => {
    if (reading) return
    reading = true
    try {
      const text = await readFile(statPath, 'utf8')
      const running = /^procs_running (\d+)$/m.exec(text)?.[1]
      // The sampler itself is running while it reads.
      if (running !== undefined) samples.push({ at: performance.now(), running: Math.max(0, Number(running) - 1) })
      const cutoff = performance.now() - KEEP_MS
      while (samples.length > 0 && (samples[0]?.at ?? 0) < cutoff) samples.shift()
    } catch {
      // No /proc/stat (another OS): the host counts as quiet, as before this existed.
    } finally {
      reading = false
    }
  }
  void sample()
  const timer = setInterval(() => { void sample() }, SAMPLE_MS)
  timer.unref()

  const average = (from: number, to: number): number | undefined => {
    const inside = samples.filter((s) => s.at >= from && s.at <= to)
    if (inside.length === 0) return undefined
    return inside.reduce((sum, s) => sum + s.running, 0) / inside.length
  }

  // With n runnable tasks on c cores, each gets c/n of a core: a task runs n/c times slower.
  const slowdown = (others: number): number => Math.max(1, (others + 1) / cpus)

  return {
    timeScale () {
      const now = performance.now()
      const running = average(now - RECENT_MS, now)
      if (running === undefined) return 1
      // The pod about to start is the one extra task.
      return Math.round(Math.min(MAX_TIME_SCALE, slowdown(running)) * 100) / 100
    },
    slowdownDuring (from, to, ownRunnable = 0) {
      const running = average(from, to)
      if (running === undefined) return undefined
      // The learner's own runnable tasks are the "one" of the formula, and then some.
      return Math.round(slowdown(Math.max(0, running - Math.max(1, ownRunnable))) * 100) / 100
    },
    close () { clearInterval(timer) }
  }
}

/**
 * How many of the learner's container's tasks were runnable during a window, on average: the CPU
 * time they got (the cgroup's usage) plus the time they waited for a CPU (their schedstat, its own
 * quota's throttling left out, as procs_running leaves throttled tasks out), per ms of the window.
 * procs_running counts these tasks too, and under runsc they are many more than the app's: the
 * sandbox's kernel (sentry), its file proxy (gofer) and the ptrace stubs of every guest thread run
 * in the container's cgroup, waiting on one another for its CPU quota. Counted from the CPU time
 * alone, those waiting were taken for outside load (a fork bomb's: some two runnable, 0.6 of them
 * on a CPU), and the learner's own crowding could make a time limit look like the host's.
 */
export function ownRunnable (window: { from: number, to: number, learnerCpuMs?: number, learnerWaitMs?: number }): number {
  return ((window.learnerCpuMs ?? 0) + (window.learnerWaitMs ?? 0)) / Math.max(1, window.to - window.from)
}
