import type { LogMark, TestResult } from './result-schema.js'

export const HIDDEN_TEST_MESSAGE = 'A hidden test did not pass. Hidden tests check what the instructions ask without ' +
  'showing the request: read the task again, and think of the cases it implies but does not spell out.'

/** Why a visible test that ran after a hidden one shows no details. */
export const AFTER_HIDDEN_MESSAGE = 'The details of this test are not shown: it ran after a hidden test, so what your ' +
  'server answered here could repeat what the hidden test sent.'

/** What ends a learner's log tail where the first hidden test began. */
export const LOG_WITHHELD_NOTE = '[… the rest of your server\'s log is withheld: it was written while hidden tests ran, ' +
  'and could show what they sent]'

/** How a learner sees a hidden test: its task number and outcome, nothing of what it sent or expected. */
export function hiddenName (name: string): string {
  const task = /^(\d+)\. /.exec(name)?.[1]
  return task === undefined ? 'A hidden test' : `${task}. A hidden test`
}

function hideOne (test: TestResult): TestResult {
  return {
    name: hiddenName(test.name),
    status: test.status,
    ...(test.status === 'fail' || test.status === 'error' ? { message: HIDDEN_TEST_MESSAGE } : {})
  }
}

/** A visible test after a hidden one: its name and outcome; what it quoted of the server's answers is withheld. */
function withholdDetails (test: TestResult): TestResult {
  return {
    name: test.name,
    status: test.status,
    ...(test.status === 'fail' || test.status === 'error' ? { message: AFTER_HIDDEN_MESSAGE } : {})
  }
}

interface Viewable {
  tests: TestResult[]
  message: string | null
  logTail?: string | null
  logMarks?: LogMark[] | null
}

/**
 * A result as a learner may see it when the exercise marks some tests hidden (manifest
 * `hiddenTests`): those keep their task number and outcome; their names, messages, requests,
 * expectations and curls are gone, also from the summary message, which names the first
 * failing test at its end (see build-result.ts).
 *
 * What the learner's server did during a hidden test is just as telling: a server may log every
 * request, or answer a later visible test with what the hidden one sent. So the log tail ends
 * where the first hidden test began (its mark, see http-pod.ts; without one, nothing of the log
 * is shown), and every test reported after the first hidden one keeps only its name and outcome.
 */
export function hideTests<T extends Viewable> (view: T, hidden: ReadonlySet<string>): T {
  if (hidden.size === 0) return view
  const firstHidden = view.tests.findIndex((t) => hidden.has(t.name))
  const tests = view.tests.map((t, i) => hidden.has(t.name) ? hideOne(t) : firstHidden >= 0 && i > firstHidden ? withholdDetails(t) : t)
  const firstFailing = view.tests.findIndex((t) => t.status === 'fail' || t.status === 'error')
  const first = view.tests[firstFailing]
  let message = view.message
  if (message !== null && first !== undefined && firstHidden >= 0 && firstFailing >= firstHidden) {
    const at = message.lastIndexOf(` First: ${first.name}: `)
    if (at >= 0) message = `${message.slice(0, at)} First: ${tests[firstFailing]?.name ?? ''}: ${tests[firstFailing]?.message ?? ''}`
  }
  const logTail = view.logTail === undefined || view.logTail === null ? view.logTail : logBeforeHidden(view.logTail, view.logMarks, hidden, view.tests)
  return { ...view, message, tests, ...(logTail !== undefined && { logTail }), ...(view.logMarks !== undefined && { logMarks: null }) }
}

/** The log up to where the first hidden test began; all of it when no hidden test ran. */
function logBeforeHidden (log: string, marks: LogMark[] | null | undefined, hidden: ReadonlySet<string>, tests: TestResult[]): string {
  const hiddenMarks = (marks ?? []).filter((m) => hidden.has(m.test))
  // A hidden test reported without a mark (a suite that does not use graded(), a result stored
  // before marks existed) may have started anywhere: nothing of the log is safe to show.
  const unmarked = tests.some((t) => hidden.has(t.name) && !hiddenMarks.some((m) => m.test === t.name))
  const cut = unmarked ? 0 : Math.min(...hiddenMarks.map((m) => m.at))
  if (!Number.isFinite(cut) || cut >= log.length) return log
  return `${log.slice(0, cut)}${cut > 0 && !log.slice(0, cut).endsWith('\n') ? '\n' : ''}${LOG_WITHHELD_NOTE}\n`
}
