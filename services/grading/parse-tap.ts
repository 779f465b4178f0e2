import { Parser, type Result } from 'tap-parser'
import type { TestResult } from '../submission/result-schema.js'
import { cutText } from '../submission/storable-text.js'
import { MARK } from '../../graders/node/lib/protocol.mjs'

export interface ParsedGraderOutput {
  tests: TestResult[]
  /** Set when the grader bailed out; `server-not-listening <ms>` comes from the runner. */
  bailout?: string
  /** When the learner's server first accepted a connection, as the runner measured it. */
  readyMs?: number
  /**
   * How many of the grader's waits ran out of time (a request with no answer in time, a restart
   * that did not come back): a verdict that depends on them depends on the host's speed too.
   */
  timedWaits: number
  /**
   * The stream ended with its plan (`1..N`) and N results: the grader finished. A grader that
   * died half-way leaves no plan, and what it did report must not pass for a whole grading.
   */
  complete: boolean
}

const DIAG_FIELDS = ['request', 'expected', 'actual', 'curl'] as const
const MAX_FIELD = 4000

/**
 * Turns the grader's TAP stream into per-test results. Each top-level subtest is one test;
 * its message and details come from the first failing assertion inside it. Anything that is
 * not TAP (stray output) is ignored: this stream is the verdict, nothing else is.
 */
export function parseGraderTap (tap: string): ParsedGraderOutput {
  const parsed: ParsedGraderOutput = { tests: [], complete: false, timedWaits: 0 }
  const parser = new Parser({ bail: false })
  let firstFailure: Result | undefined

  parser.on('child', (child: Parser) => {
    firstFailure = undefined
    watchFailures(child, (failure) => { firstFailure ??= failure })
  })
  parser.on('comment', (line: string) => {
    // Root-level comments: learner data reaches the stream only inside a subtest's diagnostics.
    const ready = markedCount(line, MARK.readyMs)
    if (ready !== undefined) parsed.readyMs = ready
    const waits = markedCount(line, MARK.timedWaits)
    if (waits !== undefined) parsed.timedWaits = waits
  })
  parser.on('bailout', (reason: string) => { parsed.bailout = reason })
  parser.on('assert', (point: Result) => {
    // A graded test is a named subtest; a bare `ok` line counts for nothing.
    if (point.name !== '') parsed.tests.push(toTestResult(point, firstFailure))
    firstFailure = undefined
  })
  parser.on('complete', (final: { count: number, plan: { end: number | null, skipAll: boolean } }) => {
    parsed.complete = final.plan.end !== null && final.count === final.plan.end
  })
  parser.end(tap)
  return parsed
}

/** The count after `mark` on a protocol line (`# backlab-ready-ms: 12`), if the line is one. */
function markedCount (line: string, mark: string): number | undefined {
  if (!line.startsWith(mark)) return undefined
  const digits = /^\d+/.exec(line.slice(mark.length))?.[0]
  return digits === undefined ? undefined : Number(digits)
}

function watchFailures (parser: Parser, onFailure: (r: Result) => void): void {
  parser.on('child', (child: Parser) => { watchFailures(child, onFailure) })
  parser.on('assert', (r: Result) => { if (!r.ok && r.skip === false && r.todo === false) onFailure(r) })
}

function toTestResult (point: Result, failure: Result | undefined): TestResult {
  const name = clip(point.name, 300)
  const durationMs = typeof point.time === 'number' ? Math.round(point.time) : undefined
  const base = durationMs === undefined ? { name } : { name, durationMs }
  if (point.skip !== false) {
    return { ...base, status: 'skip', message: typeof point.skip === 'string' ? point.skip : 'skipped' }
  }
  if (point.ok) return { ...base, status: 'pass' }

  const diag = (failure?.diag ?? {}) as Record<string, unknown>
  const errored = diag.tapCaught !== undefined
  const message = failure?.name !== undefined && failure.name !== ''
    ? failure.name
    : 'failed without a message'
  const result: TestResult = {
    ...base,
    status: errored ? 'error' : 'fail',
    message: clip(errored ? `The grader stopped on an unexpected error: ${message}` : message, 2000)
  }
  for (const field of DIAG_FIELDS) {
    const value = diag[field]
    if (value !== undefined && value !== null) result[field] = clip(typeof value === 'string' ? value : JSON.stringify(value), MAX_FIELD)
  }
  return result
}

/** Cut to `max` characters; never inside a surrogate pair, whose half Postgres's jsonb refuses. */
function clip (text: string, max: number): string {
  return text.length <= max ? text : `${cutText(text, max - 14)}… (truncated)`
}
