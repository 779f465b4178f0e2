import t from 'tap'
import { ruleMapProblems, type RuleMap } from '../../services/exercise-package/rule-map.js'
import type { ScenarioExpectation } from '../../services/exercise-package/validation-material.js'

const instructions = `## 1. Create
\`POST /todos\` answers **201 Created**
with the new todo.

| field | rules |
| --- | --- |
| \`id\` | Every todo gets an id no other todo has ever had. |

Your server must listen on the port given in the \`PORT\` environment variable.
`
const suite = ['1. POST /todos answers 201', '1. ids are unique']
const scenario = (name: string, statuses: string[], verdict = 'tests_failed'): { name: string, expected: ScenarioExpectation } => ({
  name,
  expected: {
    description: name,
    runtime: 'node',
    status: statuses.every((s) => s === 'pass') && verdict === 'tests_passed' ? 'passed' : 'failed',
    verdict: verdict as ScenarioExpectation['verdict'],
    tests: statuses.map((status, i) => ({ name: suite[i] as string, status: status as 'pass' }))
  }
})
const scenarios = [scenario('status-200', ['fail', 'pass']), scenario('ids-reused', ['pass', 'fail']), scenario('never-listens', [], 'server_did_not_start')]
const map: RuleMap = {
  rules: [
    { id: 'created', says: 'POST /todos answers 201 Created with the new todo.', tests: ['1. POST /todos answers 201'], scenarios: ['status-200'] },
    { id: 'unique-ids', says: 'Every todo gets an id no other todo has ever had.', tests: ['1. ids are unique'], scenarios: ['ids-reused'] },
    { id: 'listens', says: 'must listen on the port given in the PORT environment variable', tests: [], verdict: 'server_did_not_start', scenarios: ['never-listens'] }
  ]
}

t.test('a sound map: quotes across Markdown and lines, every test a rule, every scenario caught by its rule', async (t) => {
  t.same(ruleMapProblems(map, instructions, scenarios), [])
  t.same(ruleMapProblems(map, instructions, scenarios, suite), [], 'also against the names a real grading reports')
})

t.test('a rule the instructions do not say is refused', async (t) => {
  const drifted = { rules: [{ ...map.rules[0]!, says: 'POST /todos answers 200 OK' }, ...map.rules.slice(1)] }
  t.match(ruleMapProblems(drifted, instructions, scenarios), [/rule "created": "says" is not a quote of instructions\.md/])
})

t.test('a test no rule states, and a scenario no rule lists, are findings', async (t) => {
  const partial = { rules: map.rules.filter((r) => r.id !== 'unique-ids') }
  t.same(ruleMapProblems(partial, instructions, scenarios), [
    'rules.json: test "1. ids are unique" belongs to no rule: what stated rule does it check?',
    'rules.json: scenario "ids-reused" is listed by no rule: which rule does it break?'
  ])
})

t.test('a scenario caught first by another rule\'s test is a finding', async (t) => {
  const wrong = { rules: [map.rules[0]!, { ...map.rules[1]!, scenarios: ['ids-reused', 'status-200'] }, map.rules[2]!] }
  t.match(ruleMapProblems(wrong, instructions, scenarios), [/rule "unique-ids": scenario "status-200" is caught first by "1\. POST \/todos answers 201", a test of another rule/])
})

t.test('unknown tests and scenarios, a rule nothing checks, and a verdict that does not match', async (t) => {
  const broken: RuleMap = {
    rules: [
      { ...map.rules[0]!, tests: ['1. POST /todos answers 201', '9. no such test'], scenarios: ['status-200', 'ghost'] },
      map.rules[1]!,
      { ...map.rules[2]!, verdict: 'server_crashed' },
      { id: 'nothing', says: 'with the new todo', tests: [], scenarios: ['status-200'] }
    ]
  }
  t.same(ruleMapProblems(broken, instructions, scenarios), [
    'rules.json: rule "created": test "9. no such test" is not one of the suite\'s tests',
    'rules.json: rule "created": scenario "ghost" does not exist',
    'rules.json: rule "listens": scenario "never-listens" runs no test (verdict server_did_not_start); the rule\'s verdict is server_crashed',
    'rules.json: rule "nothing": names no test and no verdict, so nothing checks it',
    'rules.json: rule "nothing": scenario "status-200" is caught first by "1. POST /todos answers 201", a test of another rule: either the scenario breaks more than this rule, or the tests report this rule under another name'
  ])
})
