// Time in a grading: the waits that mean "your code is too slow", stretched on a busy host, and
// counted when they run out, so the worker can tell a verdict that depended on the host's speed.
//
// The worker measures the host's load before the pod starts and passes the stretch factor as
// BACKLAB_TIME_SCALE (a warm SQL pod reads it from backlab-run.json). run.mjs prints the count as
// `# backlab-timed-waits: N` once the report is complete (graders/README.md).
import { ENV, MAX_TIME_SCALE } from './protocol.mjs'

// One count for the process, whichever copy of this module a suite or the runner loaded.
const COUNT = Symbol.for('backlab.timedWaits')

/** The factor this grading's time limits are stretched by: 1 on a quiet host. */
export function timeScale(env = process.env) {
  const scale = Number(env[ENV.timeScale])
  return Number.isFinite(scale) && scale >= 1 ? Math.min(scale, MAX_TIME_SCALE) : 1
}

/** `ms` stretched for the host's load. */
export function scaled(ms, env = process.env) {
  return Math.round(ms * timeScale(env))
}

/** Call when a wait ran out of time: a request with no answer, a server that did not come back. */
export function noteTimedWait() {
  globalThis[COUNT] = (globalThis[COUNT] ?? 0) + 1
}

export function timedWaits() {
  return globalThis[COUNT] ?? 0
}
