import { MAX_PROGRESS_TESTS, type ProgressTest } from '../submission/submissions-repository.js'

// A top-level test's result line, as tap writes it once the subtest ends: at column 0 (inner
// assertions are indented), e.g. `not ok 3 - POST /todos answers 201 # time=12.1ms`.
const RESULT_LINE = /^(not )?ok (\d+) - (.*?)(?: # (time=|SKIP|TODO)(.*))?$/
// The root plan: first when a suite declares it, last (the "final plan") when tap counts.
const ROOT_PLAN = /^1\.\.(\d+)/

/**
 * The test a line of the grader's TAP stream reports, if it is a top-level result: for watchers
 * only, as it happens. The stored result comes from parsing the whole stream (parse-tap.ts).
 */
export function progressFromTapLine (line: string): ProgressTest | undefined {
  const m = RESULT_LINE.exec(line)
  if (m === null || m[3] === undefined || m[3] === '') return undefined
  const name = m[3].replaceAll('\\#', '#').slice(0, 300)
  const status = m[4] === 'SKIP' ? 'skip' : m[1] === undefined ? 'pass' : 'fail'
  return { n: Number(m[2]), name, status }
}

/**
 * Which lines of one grading's TAP stream are worth announcing: each top-level result once, in
 * order (its number above the last one's), at most MAX_PROGRESS_TESTS of them, and nothing after
 * the report ended (the final plan, or `endLine`). Whatever a grader prints, progress costs at
 * most that many writes, one per test; every other line costs nothing.
 */
export function progressGate (endLine?: string): (line: string) => boolean {
  let last = 0
  let planned: number | undefined
  let ended = false
  return (line) => {
    if (ended) return false
    if (endLine !== undefined && line.startsWith(endLine)) { ended = true; return false }
    const plan = ROOT_PLAN.exec(line)
    if (plan !== null) {
      // A plan after results is the final one; a plan first says how many are to come.
      if (last > 0) ended = true
      else planned = Number(plan[1])
      return false
    }
    const test = progressFromTapLine(line)
    if (test === undefined || test.n <= last || test.n > MAX_PROGRESS_TESTS) return false
    last = test.n
    if (planned !== undefined && last >= planned) ended = true
    return true
  }
}
