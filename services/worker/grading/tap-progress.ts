import type { ProgressTest } from '../../shared/submission/submissions-repository.js'

// A top-level test's result line, as tap writes it once the subtest ends: at column 0 (inner
// assertions are indented), e.g. `not ok 3 - POST /todos answers 201 # time=12.1ms`.
const RESULT_LINE = /^(not )?ok (\d+) - (.*?)(?: # (time=|SKIP|TODO)(.*))?$/

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
