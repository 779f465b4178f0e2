import type { Submission, TestResult } from '../api-types'
import { formatScore, runtimeLabel, verdictText } from '../lib/labels'
import { TestResultItem } from './test-result-item'

interface TaskGroup {
  task: number | undefined
  tests: TestResult[]
}

/** Tests by the task number their name starts with ("2. POST /todos …"), tasks in order, the rest last. */
function groupByTask (tests: TestResult[]): TaskGroup[] {
  const groups = new Map<number | undefined, TestResult[]>()
  for (const test of tests) {
    const match = /^(\d+)\./.exec(test.name)
    const task = match?.[1] === undefined ? undefined : Number(match[1])
    const group = groups.get(task)
    if (group === undefined) groups.set(task, [test])
    else group.push(test)
  }
  return [...groups]
    .map(([task, list]) => ({ task, tests: list }))
    .sort((a, b) => (a.task ?? Infinity) - (b.task ?? Infinity))
}

const isFailure = (t: TestResult): boolean => t.status === 'fail' || t.status === 'error'

function Headline ({ submission }: { submission: Submission }) {
  if (submission.status === 'passed') return <h2 id="feedback-title" class="headline headline-passed">✔ Passed</h2>
  if (submission.status === 'failed') return <h2 id="feedback-title" class="headline headline-failed">✘ Failed</h2>
  if (submission.status === 'error') {
    return <h2 id="feedback-title" class="headline headline-error">Not graded: a problem on our side, not in your code</h2>
  }
  return <h2 id="feedback-title" class="headline">Not graded yet</h2>
}

export function FeedbackView ({ submission }: { submission: Submission }) {
  const { tests, verdict, message, logTail } = submission
  const score = formatScore(submission.score, submission.maxScore)
  const passedCount = tests.filter((t) => t.status === 'pass').length
  const firstFailure = tests.find(isFailure)
  const groups = groupByTask(tests)
  const tables = submission.runtime === 'sql'
  const files = Object.entries(submission.files ?? {})

  return <section class={`feedback feedback-${submission.status}`} aria-labelledby="feedback-title" data-testid="feedback">
    <div class="feedback-summary">
      <Headline submission={submission} />
      {score !== undefined && <p class="score">Score: <strong>{score}</strong></p>}
      {tests.length > 0 && <p>{passedCount} of {tests.length} tests passed.</p>}
      {verdict !== null && <p class="verdict">{verdictText(verdict, submission.runtime)}</p>}
      {message !== null && message !== '' && <p class="message">{message}</p>}
      {firstFailure !== undefined && <p><a href="#first-failure">Go to the first failing test</a></p>}
    </div>

    {groups.map(({ task, tests: list }) => {
      const passed = list.filter((t) => t.status === 'pass').length
      return <section class="task-group" key={task ?? 'other'} aria-labelledby={`task-${task ?? 'other'}`}>
        <h3 id={`task-${task ?? 'other'}`}>
          {task === undefined ? 'Other checks' : `Task ${task}`}
          <span class="task-count"> — {passed} of {list.length} passed</span>
        </h3>
        <ul class="test-list">
          {list.map((test, i) => <TestResultItem key={`${i}-${test.name}`} test={test} tables={tables}
            anchor={test === firstFailure ? 'first-failure' : undefined} />)}
        </ul>
      </section>
    })}

    {logTail !== null && submission.runtime !== 'sql' && <section class="log-tail" aria-labelledby="log-tail-title">
      <h3 id="log-tail-title">Your server's log (last lines)</h3>
      <pre class="output log" tabIndex={0} role="region" aria-label="Your server's log">{logTail === '' ? '(Your server wrote nothing.)' : logTail}</pre>
    </section>}

    {files.length > 0 && <details class="submitted-files">
      <summary>The files you submitted ({files.length}, {runtimeLabel(submission.runtime)})</summary>
      {files.map(([path, content]) => <div key={path}>
        <h4>{path}</h4>
        <pre class="output" tabIndex={0} role="region" aria-label={path}>{content}</pre>
      </div>)}
    </details>}
  </section>
}
