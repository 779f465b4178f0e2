import type { GradingResult, TestResult, Timings } from '../submission/result-schema.js'
import type { PodOutcome } from './pod/grading-pod.js'
import type { SandboxLimits } from '../platform/sandbox-limits.js'
import type { ParsedGraderOutput } from './tap-reader.js'
import { SERVER_NOT_LISTENING } from '../../graders/node/lib/protocol.mjs'
import { HostBusy, PlatformFault } from './grading-errors.js'

export interface ResultContext {
  /** The learner's server's port; absent for runtime sql. */
  port?: number
  /** Runtime sql: the learner's code is SQL in the pod's database, not a server. */
  sql?: boolean
  limits: SandboxLimits
  timings: Timings
  /** How much the pod's time limits were stretched for the host's load. */
  timeScale?: number
  /** How much slower the host ran while the learner's code was timed (host-load.ts). */
  slowdown?: number
  /** A verdict that depended on time is the learner's only while slowdown ≤ timeScale × this. */
  stretchSlack?: number
  /**
   * The share of the timed window the learner's tasks spent runnable but waiting for a CPU (its
   * own quota throttling left out); undefined where the kernel does not say.
   */
  learnerCpuWait?: number
}

/**
 * Below this share of the window spent waiting for a CPU, the learner's code was not held back
 * by the host: a hang, or a server on the wrong port, waits for nothing, however busy the host.
 */
export const STARVED_SHARE = 0.2

/** Verdicts a slow host can cause; a crash, or a memory, output or process limit, is a kernel fact whatever the load. */
const TIMED_VERDICTS = new Set<GradingResult['verdict']>(['tests_failed', 'time_limit', 'server_did_not_start'])

/**
 * Decides the verdict from what the pod did and what the grader reported. A limit the learner's
 * code ran into is named before what it caused (a crash, failing tests), since it is the cause.
 */
export function buildResult (outcome: PodOutcome, ctx: ResultContext): GradingResult {
  const parsed = outcome.report
  const result = withLoadFacts(limitFirst(judge(outcome, ctx, parsed), outcome, ctx), outcome, ctx, parsed)
  // The limits were stretched for the load seen when the pod started; if the host then slowed
  // down more than that, a wait that ran out measured the host, not the code, provided the code
  // was kept waiting for a CPU (the kernel's scheduler statistics tell) and not merely idle.
  const outpaced = ctx.slowdown !== undefined && ctx.slowdown > (ctx.timeScale ?? 1) * (ctx.stretchSlack ?? Infinity)
  const starved = ctx.learnerCpuWait === undefined || ctx.learnerCpuWait >= STARVED_SHARE
  if (TIMED_VERDICTS.has(result.verdict) && (result.timings.timedWaits ?? 0) > 0 && outpaced && starved) {
    throw new HostBusy(`a wait ran out of time while the host ran ×${ctx.slowdown ?? '?'} slower, ` +
      `more than the ×${ctx.timeScale ?? 1} the limits were stretched by; the verdict would have been ${result.verdict}`)
  }
  return result
}

/**
 * What the verdict owes to time: the waits that ran out, and the host's load meanwhile. Stored
 * with the result, so a verdict that depended on time is never replayed for the same files.
 */
function withLoadFacts (result: GradingResult, outcome: PodOutcome, ctx: ResultContext, parsed: ParsedGraderOutput): GradingResult {
  const notListening = parsed.bailout?.startsWith(SERVER_NOT_LISTENING) === true && outcome.learnerExit === undefined
  const timedWaits = parsed.timedWaits + (notListening ? 1 : 0) + (outcome.timedOut ? 1 : 0)
  return {
    ...result,
    timings: {
      ...result.timings,
      timedWaits,
      ...(ctx.timeScale !== undefined && { timeScale: ctx.timeScale }),
      ...(ctx.slowdown !== undefined && { hostSlowdown: ctx.slowdown }),
      ...(ctx.learnerCpuWait !== undefined && { learnerCpuWait: Math.round(ctx.learnerCpuWait * 100) / 100 })
    }
  }
}

/** A limit the learner's code ran into is named before what it caused. */
function limitFirst (result: GradingResult, outcome: PodOutcome, ctx: ResultContext): GradingResult {
  if (outcome.pidsLimitHit === true && result.status === 'failed' && !['memory_limit', 'output_limit'].includes(result.verdict)) {
    return {
      ...result,
      verdict: 'process_limit',
      message: `Your code tried to run more than ${ctx.limits.pids} processes and threads at once, the limit for ` +
        `this exercise, and new ones were refused. Look for processes or workers started in a loop. Then: ${result.message ?? ''}`
    }
  }
  return result
}

function judge (outcome: PodOutcome, ctx: ResultContext, parsed: ParsedGraderOutput): GradingResult {
  const { limits } = ctx
  const tests = parsed.tests
  const exit = outcome.learnerExit
  const base = {
    tests,
    score: tests.filter((t) => t.status === 'pass').length,
    maxScore: tests.length,
    logTail: outcome.learnerLog ?? '',
    ...(outcome.learnerLogMarks !== undefined && outcome.learnerLogMarks.length > 0 && { logMarks: outcome.learnerLogMarks }),
    timings: { ...ctx.timings, ...outcome.timings }
  }
  const failed = (verdict: GradingResult['verdict'], message: string): GradingResult =>
    ({ ...base, status: 'failed', verdict, message })

  if (ctx.sql === true) return judgeSql(outcome, parsed, ctx, base, failed)
  // A fact the kernel reports (Docker's OOMKilled), never text the learner's code printed: anyone
  // can print V8's "heap out of memory" line and abort. Node's own heap limit sits above the
  // container's memory limit (docker/runtime-node), so a real heap bomb meets the kernel first.
  if (exit?.oomKilled === true) {
    return failed('memory_limit', `Your server was stopped because it used more than ${limits.memoryMb} MB of memory. ` +
      'Look for data that grows without bound, or very large buffers.')
  }
  if (outcome.outputLimitExceeded === true) {
    return failed('output_limit', `Your server was stopped because it wrote more than ${limits.outputKb} KB to stdout ` +
      'and stderr, the limit for this exercise. Is something logging inside a loop? The end of its output is below.')
  }
  if (outcome.timedOut) {
    return failed('time_limit', `Grading stopped after ${seconds(limits.deadlineMs * (ctx.timeScale ?? 1))}, the time limit for this exercise` +
      `${stretched(ctx)}. Tests that finished before then are shown. Does a request handler loop forever or never send a response?`)
  }
  if (exit !== undefined && exit.beforeReady) {
    return failed('server_did_not_start', `Your server exited with code ${exit.exitCode}${exitMeaning(exit.exitCode)} before it accepted connections on ` +
      `port ${ctx.port ?? '?'}. The end of its log below shows why.`)
  }
  if (parsed.bailout?.startsWith(SERVER_NOT_LISTENING) === true) {
    const waitedMs = Number(parsed.bailout.split(' ')[1]) || limits.readyTimeoutMs * (ctx.timeScale ?? 1)
    const silent = (outcome.learnerLog ?? '').trim() === ''
    return failed('server_did_not_start', `The grader waited ${seconds(waitedMs)} for your server to accept a TCP connection on ` +
      `port ${ctx.port ?? '?'} (127.0.0.1 inside its container), and it never did, although it was still running. ` +
      (silent
        ? 'It printed nothing at all in that time, not even an error: check that your start command really starts the server (see "How your code runs") and that it calls listen(). '
        : 'The end of its log is below. ') +
      'It must listen on the port given in the PORT environment variable, on every interface (0.0.0.0), not only on localhost.')
  }

  checkGraderReport(parsed, outcome)
  const notPassed = tests.filter((t) => t.status !== 'pass' && t.status !== 'skip')
  if (exit !== undefined) {
    return failed('server_crashed', `Your server exited with code ${exit.exitCode}${exitMeaning(exit.exitCode)} while it was being tested, so later ` +
      `requests could not connect. The end of its log below shows why.${firstFailure(notPassed)}`)
  }
  if (notPassed.length === 0) return { ...base, status: 'passed', verdict: 'tests_passed', message: null }
  return failed('tests_failed', `${notPassed.length} of ${tests.length} tests did not pass.${firstFailure(notPassed)}`)
}

/** A verdict needs a complete report with at least one test: anything less is the platform's fault. */
function checkGraderReport (parsed: ParsedGraderOutput, outcome: PodOutcome): void {
  if (parsed.bailout !== undefined) throw new PlatformFault(`the grader bailed out: ${parsed.bailout}`)
  if (parsed.tests.length === 0) {
    throw new PlatformFault(`the grader reported no tests${outcome.graderTapTruncated ? ' (its output was cut at the cap)' : ''}`)
  }
  if (outcome.graderTapTruncated) throw new PlatformFault('the grader wrote more output than the cap allows')
  if (!parsed.complete) {
    throw new PlatformFault(`the grader stopped before its report was complete (${parsed.tests.length} tests, no final plan)`)
  }
}

/**
 * Runtime sql: the database is ours and every task's failure is reported by the grader, so the
 * pod itself can only run out of time or, through the learner's queries, out of memory.
 */
function judgeSql (
  outcome: PodOutcome, parsed: ParsedGraderOutput, ctx: ResultContext, base: Omit<GradingResult, 'status' | 'verdict' | 'message'>,
  failed: (verdict: GradingResult['verdict'], message: string) => GradingResult
): GradingResult {
  if (outcome.learnerExit?.oomKilled === true) {
    return failed('memory_limit', `PostgreSQL was stopped because your SQL made it use more than ${ctx.limits.memoryMb} MB of memory. ` +
      'Look for a join without a condition (a cross join of large tables) or a result that grows without bound.')
  }
  if (outcome.timedOut) {
    return failed('time_limit', `Grading stopped after ${seconds(ctx.limits.deadlineMs * (ctx.timeScale ?? 1))}, the time limit for this exercise` +
      `${stretched(ctx)}. Tasks that finished before then are shown.`)
  }
  checkGraderReport(parsed, outcome)
  const notPassed = parsed.tests.filter((t) => t.status !== 'pass' && t.status !== 'skip')
  if (notPassed.length === 0) return { ...base, status: 'passed', verdict: 'tests_passed', message: null }
  return failed('tests_failed', `${notPassed.length} of ${parsed.tests.length} tests did not pass.${firstFailure(notPassed)}`)
}

/** What an exit code above 128 says: the signal that ended the process. */
function exitMeaning (code: number): string {
  const meanings: Record<number, string> = {
    134: ' (SIGABRT: the process aborted itself, as Node does when it cannot start a thread or reaches a heap limit set with --max-old-space-size)',
    137: ' (SIGKILL: the process was killed)',
    139: ' (SIGSEGV: the process crashed on an invalid memory access)',
    143: ' (SIGTERM: the process was asked to stop)'
  }
  return meanings[code] ?? ''
}

function firstFailure (tests: TestResult[]): string {
  const first = tests[0]
  return first === undefined ? '' : ` First: ${first.name}: ${first.message ?? first.status}`
}

function stretched (ctx: ResultContext): string {
  return (ctx.timeScale ?? 1) > 1 ? ` (${seconds(ctx.limits.deadlineMs)}, stretched ×${ctx.timeScale ?? 1} because the host was busy)` : ''
}

function seconds (ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`
}
