import type { TestStatus } from '../api-types'

const MARKS: Record<TestStatus, [symbol: string, words: string]> = {
  pass: ['✔', 'passed'],
  fail: ['✘', 'failed'],
  error: ['⚠', 'error'],
  skip: ['–', 'skipped']
}

/** A shape and a word for each outcome, so nothing depends on telling green from red. Lower case: the
 * headline alone says Passed or Failed. */
export function TestMark ({ status }: { status: TestStatus }) {
  const [symbol, words] = MARKS[status]
  return <span class={`mark mark-${status}`}>
    <span aria-hidden="true">{symbol}</span>
    <span class="visually-hidden">{words}: </span>
  </span>
}
