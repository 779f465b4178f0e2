import type { TestResult } from './result-schema.js'

export const HIDDEN_TEST_MESSAGE = 'A hidden test did not pass. Hidden tests check what the instructions ask without ' +
  'showing the request: read the task again, and think of the cases it implies but does not spell out.'

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

/**
 * A result as a learner may see it when the exercise marks some tests hidden (manifest
 * `hiddenTests`): those keep their task number and outcome; their names, messages, requests,
 * expectations and curls are gone, also from the summary message, which names the first
 * failing test at its end (see build-result.ts).
 */
export function hideTests<T extends { tests: TestResult[], message: string | null }> (view: T, hidden: ReadonlySet<string>): T {
  if (hidden.size === 0) return view
  const first = view.tests.find((t) => t.status === 'fail' || t.status === 'error')
  let message = view.message
  if (message !== null && first !== undefined && hidden.has(first.name)) {
    const at = message.lastIndexOf(` First: ${first.name}: `)
    if (at >= 0) message = `${message.slice(0, at)} First: ${hiddenName(first.name)}: ${HIDDEN_TEST_MESSAGE}`
  }
  return { ...view, message, tests: view.tests.map((t) => hidden.has(t.name) ? hideOne(t) : t) }
}
