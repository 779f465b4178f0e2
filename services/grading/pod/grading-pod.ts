import { createCpuWaitMeter, type CpuWaitMeter } from './cpu-wait.js'
import { HeadBuffer } from './output-buffers.js'
import type { ContainerExit } from '../../platform/docker/docker-engine.js'
import type { LogMark } from '../../submission/result-schema.js'
import type { ProgressTest } from '../../submission/submissions-repository.js'
import { TapReader, type ParsedGraderOutput } from '../tap-reader.js'

/** What a pod's run came to: the grader's report and the facts about the learner's code. */
export interface PodOutcome {
  /** The grader's report, read as it came (tap-reader.ts). */
  report: ParsedGraderOutput
  /** The grader's output as kept (up to its cap), for diagnosis. */
  graderTap: string
  graderTapTruncated: boolean
  /**
   * The end of the learner's server's output. The facts below marked "a server's" exist only
   * where the learner's code is a server (an SQL pod's database log is the grader's, never shown).
   */
  learnerLog?: string
  /** Where in learnerLog each of the grader's tests began (see TEST_START): what it may show of that test. */
  learnerLogMarks?: LogMark[]
  learnerExit?: ContainerExit & { beforeReady: boolean }
  timedOut: boolean
  /** A server's: it wrote more than its output limit and the pod was stopped. */
  outputLimitExceeded?: boolean
  /** A server's: its container was refused a process or thread by its pids limit. */
  pidsLimitHit?: boolean
  timings: { containerStartMs: number, servicesReadyMs?: number, serverReadyMs?: number, gradingMs?: number }
  /** When the learner's time ran (performance.now()), and the CPU time its container used then. */
  window?: TimedWindow
}

export interface TimedWindow {
  from: number
  to: number
  learnerCpuMs?: number
  /**
   * How long the learner's tasks waited for a CPU meanwhile (cpu-wait.ts), less its own quota
   * throttling, and the grader's; undefined where the kernel does not say.
   */
  cpuWaitMs?: { learner: number, grader?: number }
}

/** A timed window with the learner's CPU time and waits, where the kernel told them. */
export function timedWindow (
  window: { from: number, to: number }, cpuAtStart: number | undefined, cpuAtEnd: number | undefined, cpuWaitMs: TimedWindow['cpuWaitMs']
): TimedWindow {
  return {
    ...window,
    ...(cpuAtStart !== undefined && cpuAtEnd !== undefined && { learnerCpuMs: cpuAtEnd - cpuAtStart }),
    ...(cpuWaitMs !== undefined && { cpuWaitMs })
  }
}

/** The learner's and the grader's CPU waits over a window: sampled together, read together. */
export function podCpuWaits (learnerId: string, graderId: string): { sample: () => Promise<void>, read: () => TimedWindow['cpuWaitMs'] } {
  const meters: CpuWaitMeter[] = [createCpuWaitMeter(learnerId), createCpuWaitMeter(graderId)]
  return {
    sample: async () => { await Promise.all(meters.map(async (m) => { await m.sample() })) },
    read: () => {
      const [learner, grader] = meters.map((m) => m.totals())
      if (learner === undefined) return undefined
      return { learner: Math.max(0, learner.waitedMs - learner.throttledMs), ...(grader !== undefined && { grader: grader.waitedMs }) }
    }
  }
}

export interface PodOptions {
  logTailBytes: number
  graderOutputCapBytes: number
  /** How long a sidecar may take to be ready (SIDECAR_READY_TIMEOUT_MS). */
  sidecarReadyTimeoutMs?: number
  /** Restarts of the learner's server the suite may ask for (SERVER_RESTARTS_MAX). */
  maxRestarts?: number
  signal?: AbortSignal
  /**
   * Told of each top-level test result of the grader's output as it comes (live progress): each
   * once and in order, a bounded number (tap-reader.ts).
   */
  onTest?: (test: ProgressTest) => void
}

/**
 * One grading's pod, whatever it grades: `start` creates and starts its containers (the learner's
 * time starts once it resolves), `run` waits for the grading to end and says what happened, and
 * `dispose` removes every container whatever happened (and may be called after a failed start).
 * A learner's misbehaviour is part of the outcome; only platform faults throw.
 */
export interface GradingPod {
  start: () => Promise<void>
  run: () => Promise<PodOutcome>
  /** Resolves with how long the teardown took (ms). */
  dispose: () => Promise<number>
  /** Whether the pod was started before the submission (a warm SQL pod). */
  readonly warm: boolean
}

/**
 * The grader's output as the pod keeps it: the first `capBytes` (HeadBuffer), read once, as it
 * arrives, by the TAP reader. Past the cap the report is the grader's failure anyway.
 */
export class GraderOutput {
  readonly kept: HeadBuffer
  readonly reader = new TapReader()

  constructor (capBytes: number) {
    this.kept = new HeadBuffer(capBytes)
  }

  push (chunk: Buffer): void {
    const kept = this.kept.push(chunk)
    if (kept.length > 0) this.reader.write(kept)
  }
}
