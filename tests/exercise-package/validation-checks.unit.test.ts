// What a validation reports for each kind of grading outcome: pure, so every wording is pinned.
import t from 'tap'
import { evaluateChecks, validationOutcome, type GradingOutcome, type PlanItem } from '../../services/exercise-package/validation-checks.js'
import type { ScenarioExpectation } from '../../services/exercise-package/validation-material.js'

const graded = (status: GradingOutcome['status'], tests: Array<[string, 'pass' | 'fail', string?]>, verdict = status === 'passed' ? 'tests_passed' : 'tests_failed'): GradingOutcome =>
  ({ status, verdict, message: null, internalError: null, tests: tests.map(([name, s, message]) => ({ name, status: s, ...(message !== undefined && { message }) })) })
const one = (item: PlanItem, outcome: GradingOutcome | undefined, hidden: string[] = []) =>
  evaluateChecks([item], new Map(outcome === undefined ? [] : [[item.submissionId, outcome]]), hidden)[0]

const reference: PlanItem = { kind: 'reference', runtime: 'node', submissionId: 'r' }
const starter: PlanItem = { kind: 'starter', runtime: 'python', submissionId: 's' }
const expected: ScenarioExpectation = {
  description: 'x',
  runtime: 'node',
  status: 'failed',
  verdict: 'tests_failed',
  tests: [{ name: '1. a', status: 'fail', message: 'returned 200, expected 201' }, { name: '1. b', status: 'pass' }, { name: '2. c', status: 'pass' }]
}
const scenario: PlanItem = { kind: 'scenario', runtime: 'node', scenario: 'off-by-one', expected, submissionId: 'x' }

t.test('the reference must run tests and pass them all; hidden tests must be its tests', async (t) => {
  t.match(one(reference, graded('passed', [['1. a', 'pass']])), { name: 'solution/node passes every test', status: 'pass', problems: [] })
  t.match(one(reference, graded('failed', [['1. a', 'pass'], ['1. b', 'fail', 'GET /b returned 500']])),
    { status: 'fail', problems: ['verdict tests_failed', 'test "1. b" fails: GET /b returned 500'] })
  t.match(one(reference, { ...graded('failed', [], 'server_did_not_start'), message: 'Your server never listened on port 3000.\nmore' }),
    { status: 'fail', problems: ['it ran no tests (verdict server_did_not_start: Your server never listened on port 3000.)'] })
  t.match(one(reference, graded('passed', [['1. a', 'pass']]), ['1. a', '9. gone']),
    { status: 'fail', problems: ['exercise.json: hiddenTests names "9. gone", which is not one of the suite\'s tests'] })
})

t.test('the starter must start and fail', async (t) => {
  t.match(one(starter, graded('failed', [['1. a', 'fail']])), { name: 'starter/python runs and fails', status: 'pass' })
  t.match(one(starter, graded('passed', [['1. a', 'pass']])), { status: 'fail', problems: ['it passes every test: learners would pass without writing any code'] })
  t.match(one(starter, { ...graded('failed', [], 'server_crashed'), message: 'SyntaxError' }),
    { status: 'fail', problems: [/^verdict server_crashed: SyntaxError: a starter must start/] })
})

t.test('a scenario must match expected.json: status, verdict, every test in order, messages', async (t) => {
  t.match(one(scenario, graded('failed', [['1. a', 'fail', 'POST /a returned 200, expected 201'], ['1. b', 'pass'], ['2. c', 'pass']])), { status: 'pass', problems: [] })
  t.same(one(scenario, graded('passed', [['1. a', 'pass'], ['1. b', 'pass'], ['2. c', 'pass']]))?.problems, [
    'status: expected "failed", got "passed"',
    'verdict: expected "tests_failed", got "tests_passed"',
    'test "1. a": expected fail, got pass',
    'test "1. a": its message should contain "returned 200, expected 201"; it was ""'
  ])
  t.same(one(scenario, graded('failed', [['1. a', 'fail', 'returned 200, expected 201'], ['2. c', 'pass'], ['2. d', 'fail', 'new']]))?.problems, [
    'test "1. b": expected pass, but the suite did not report it',
    'test "2. d" (fail) is not in expected.json'
  ])
  t.same(one(scenario, graded('failed', [['1. b', 'pass'], ['1. a', 'fail', 'returned 200, expected 201'], ['2. c', 'pass']]))?.problems, [
    'tests ran in another order than expected.json lists them: "1. b" came where "1. a" was expected'
  ])
})

t.test('unfinished gradings are pending; Backlab\'s failures are errors, never the package\'s fault alone', async (t) => {
  t.match(one(scenario, undefined), { status: 'pending', problems: [] })
  t.match(one(scenario, { ...graded('running', []) }), { status: 'pending' })
  const error = one(reference, { ...graded('error', []), verdict: 'platform_error', internalError: 'PlatformFault: the grader exited before its plan' })
  t.match(error, { status: 'error', problems: [/^Backlab could not grade it \(the grader exited before its plan\)\. If the grader suite crashes/] })
  const internal = one(reference, { ...graded('error', []), verdict: 'platform_error', internalError: 'Error: connect ECONNREFUSED /var/run/docker.sock' })
  t.match(internal, { status: 'error', problems: [/^Backlab could not grade it \(a problem on Backlab's side, after retries\)/] }, 'nothing of the platform\'s internals')
})

t.test('the validation: failed if any check failed, error if one was not graded, else passed or published', async (t) => {
  const check = (status: 'pending' | 'pass' | 'fail' | 'error') => ({ name: status, submissionId: status, status, problems: [] })
  t.equal(validationOutcome([check('pass'), check('pending')], true), 'running')
  t.equal(validationOutcome([check('pass'), check('fail'), check('error')], true), 'failed')
  t.equal(validationOutcome([check('pass'), check('error')], true), 'error')
  t.equal(validationOutcome([check('pass')], true), 'published')
  t.equal(validationOutcome([check('pass')], false), 'passed')
})
