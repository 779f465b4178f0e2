import type { TestResult } from '../api-types'
import { CopyButton } from './copy-button'
import { ExpectedVsGot } from './expected-vs-got'
import { TestMark } from './test-mark'

const HIDDEN_NAME = /^(\d+\.\s+)?A hidden test$/

export const isHidden = (test: TestResult): boolean => test.hidden === true || HIDDEN_NAME.test(test.name)

const HIDDEN_OUTCOME: Record<TestResult['status'], string> = {
  pass: 'passed',
  fail: 'failed',
  error: 'failed',
  skip: 'skipped'
}

interface Props {
  test: TestResult
  tables: boolean
  /** Where "Go to the first failing test" lands. */
  anchor?: string
}

export function TestResultItem ({ test, tables, anchor }: Props) {
  const failed = test.status === 'fail' || test.status === 'error'
  const hidden = isHidden(test)
  return <li class={`test test-${test.status}`} id={anchor} tabIndex={anchor === undefined ? undefined : -1}
    data-testid="test-result" data-status={test.status}>
    <p class="test-head">
      <TestMark status={test.status} />
      <span class="test-name">{hidden ? `Hidden test — ${HIDDEN_OUTCOME[test.status]}` : test.name}</span>
      {test.durationMs !== undefined && !hidden && <span class="test-duration">{Math.round(test.durationMs)} ms</span>}
    </p>
    {/* A hidden test's message is the server's general advice, never what the test sent or expected. */}
    {(failed || test.status === 'skip') && test.message !== undefined && <p class="test-message">{test.message}</p>}
    {failed && !hidden && <div class="test-details">
      {test.request !== undefined && <div>
        <h4>Sent</h4>
        <pre class="output" tabIndex={0} role="region" aria-label="Sent">{test.request}</pre>
      </div>}
      {test.curl !== undefined && <div>
        <div class="with-action">
          <h4>Try it</h4>
          <CopyButton text={test.curl} />
        </div>
        <pre class="output curl" tabIndex={0} role="region" aria-label="Try it: the curl command">{test.curl}</pre>
      </div>}
      <ExpectedVsGot expected={test.expected} actual={test.actual} tables={tables} />
    </div>}
  </li>
}
