import { StringDecoder } from 'node:string_decoder'
import { Parser, type Result } from 'tap-parser'
import { MARK } from '../../graders/node/lib/protocol.mjs'
import type { TestResult } from '../submission/result-schema.js'
import { MAX_PROGRESS_TESTS, type ProgressTest } from '../submission/submissions-repository.js'
import { cutText } from '../submission/storable-text.js'

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
 * The one reader of a grader's TAP stream, fed as the output arrives. Each top-level subtest is
 * one test; its message and details come from the first failing assertion inside it. Anything
 * that is not TAP (stray output) is ignored: this stream is the verdict, nothing else is.
 *
 * As it reads, it tells `onTest` of each top-level result (live progress): each once, in order, at
 * most MAX_PROGRESS_TESTS, nothing after the report ended; whatever a grader prints, progress
 * costs at most one write per test. `end()` gives the whole report.
 */
export class TapReader {
  private readonly parser = new Parser({ bail: false })
  private readonly decoder = new StringDecoder('utf8')
  private readonly parsed: ParsedGraderOutput = { tests: [], complete: false, timedWaits: 0 }
  private firstFailure: Result | undefined
  private lastAnnounced = 0
  /** The root plan's end, when the plan came first: no result beyond it is announced. */
  private planned: number | undefined
  private reportEnded = false
  private onReportComplete: () => void = () => {}
  /** When (performance.now()) the runner said the learner's server accepted a connection. */
  readyAt: number | undefined
  /** Resolves once the grader said its report is complete (it may not have exited yet). */
  readonly reportComplete = new Promise<void>((resolve) => { this.onReportComplete = resolve })

  /**
   * Told of each test as it is reported. Set when a watcher exists: a warm pod's reader runs from
   * the pod's start, before it knows its submission.
   */
  onTest: ((test: ProgressTest) => void) | undefined

  constructor () {
    this.parser.on('child', (child: Parser) => {
      this.firstFailure = undefined
      watchFailures(child, (failure) => { this.firstFailure ??= failure })
    })
    this.parser.on('comment', (line: string) => {
      // Root-level comments: learner data reaches the stream only inside a subtest's diagnostics.
      const ready = markedCount(line, MARK.readyMs)
      if (ready !== undefined) {
        this.parsed.readyMs = ready
        this.readyAt ??= performance.now()
      }
      const waits = markedCount(line, MARK.timedWaits)
      if (waits !== undefined) this.parsed.timedWaits = waits
      if (line.trimEnd() === MARK.reportComplete) {
        this.reportEnded = true
        this.onReportComplete()
      }
    })
    this.parser.on('plan', (plan: { end: number }) => { if (this.parsed.tests.length === 0) this.planned = plan.end })
    this.parser.on('bailout', (reason: string) => { this.parsed.bailout = reason })
    this.parser.on('assert', (point: Result) => {
      // A graded test is a named subtest; a bare `ok` line counts for nothing.
      if (point.name !== '') {
        const test = toTestResult(point, this.firstFailure)
        this.parsed.tests.push(test)
        this.announce(point, test)
      }
      this.firstFailure = undefined
    })
    this.parser.on('complete', (final: { count: number, plan: { end: number | null, skipAll: boolean } }) => {
      this.parsed.complete = final.plan.end !== null && final.count === final.plan.end
    })
  }

  write (chunk: Buffer | string): void {
    this.parser.write(typeof chunk === 'string' ? chunk : this.decoder.write(chunk))
  }

  /** The whole report: call once, after the last write. */
  end (): ParsedGraderOutput {
    this.parser.end(this.decoder.end())
    return this.parsed
  }

  private announce (point: Result, test: TestResult): void {
    // A result after the final plan is `extra` to tap-parser, never an assert; one after the
    // report's end line, or out of order, or past the bound, is not announced either.
    if (this.onTest === undefined || this.reportEnded || point.id <= this.lastAnnounced || point.id > MAX_PROGRESS_TESTS) return
    if (this.planned !== undefined && point.id > this.planned) return
    this.lastAnnounced = point.id
    this.onTest({ n: point.id, name: test.name, status: test.status === 'skip' ? 'skip' : test.status === 'pass' ? 'pass' : 'fail' })
  }
}

/** A whole stream at once. */
export function parseGraderTap (tap: string): ParsedGraderOutput {
  const reader = new TapReader()
  reader.write(tap)
  return reader.end()
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
