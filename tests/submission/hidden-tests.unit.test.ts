// What a learner sees of a result with hidden tests: nothing a hidden test sent, in any field.
import t from 'tap'
import { AFTER_HIDDEN_MESSAGE, HIDDEN_TEST_MESSAGE, hideTests, LOG_WITHHELD_NOTE } from '../../services/submission/hidden-tests.js'
import type { TestResult } from '../../services/submission/result-schema.js'

const tests: TestResult[] = [
  { name: '1. visible', status: 'fail', message: 'GET /a returned 500', actual: 'HTTP/1.1 500' },
  { name: '2. hidden', status: 'fail', message: 'POST /secret returned 200', request: 'POST /secret', curl: 'curl …' },
  { name: '3. after', status: 'fail', message: 'GET /b returned {"seen":"POST /secret"}', actual: '{"seen":"POST /secret"}' }
]
const log = 'start\nGET /a\nPOST /secret\nGET /b\n'
const view = {
  tests,
  message: '3 of 3 tests did not pass. First: 1. visible: GET /a returned 500',
  logTail: log,
  logMarks: [{ test: '1. visible', at: 6 }, { test: '2. hidden', at: 13 }, { test: '3. after', at: 26 }]
}

t.test('the log ends where the first hidden test began, and says so', async (t) => {
  const seen = hideTests(view, new Set(['2. hidden']))
  t.equal(seen.logTail, `start\nGET /a\n${LOG_WITHHELD_NOTE}\n`)
  t.notOk(JSON.stringify(seen).includes('/secret'), 'nothing of the hidden request anywhere')
  t.equal(seen.logMarks, null, 'the marks are not passed on')
})

t.test('tests after a hidden one keep only their name and outcome', async (t) => {
  const seen = hideTests(view, new Set(['2. hidden']))
  t.same(seen.tests[0], tests[0], 'a test before it is as it was')
  t.same(seen.tests[1], { name: '2. A hidden test', status: 'fail', message: HIDDEN_TEST_MESSAGE })
  t.same(seen.tests[2], { name: '3. after', status: 'fail', message: AFTER_HIDDEN_MESSAGE })
})

t.test('the summary names the first failure as the learner sees it', async (t) => {
  const seen = hideTests({ ...view, tests: [{ ...tests[0], status: 'pass' } as TestResult, ...tests.slice(1)], message: '2 of 3 tests did not pass. First: 2. hidden: POST /secret returned 200' }, new Set(['2. hidden']))
  t.equal(seen.message, `2 of 3 tests did not pass. First: 2. A hidden test: ${HIDDEN_TEST_MESSAGE}`)
})

t.test('a hidden test without a mark withholds the whole log', async (t) => {
  const seen = hideTests({ ...view, logMarks: null }, new Set(['2. hidden']))
  t.equal(seen.logTail, `${LOG_WITHHELD_NOTE}\n`)
})

t.test('no hidden tests: the view is untouched', async (t) => {
  t.equal(hideTests(view, new Set()), view)
})
