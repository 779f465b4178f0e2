import type { RuntimeName } from '../exercise/runtimes.js'
import type { TestResult } from '../submission/result-schema.js'
import type { ScenarioExpectation } from './validation-material.js'

/** One grading a validation runs, and what it proves. */
export type PlanItem = { submissionId: string, runtime: RuntimeName } & (
  | { kind: 'reference' }
  | { kind: 'starter' }
  | { kind: 'scenario', scenario: string, expected: ScenarioExpectation }
  | { kind: 'alternative', alternative: string })

/** What a grading of the plan came to, as stored on its submission. */
export interface GradingOutcome {
  status: 'queued' | 'running' | 'passed' | 'failed' | 'error'
  verdict: string | null
  message: string | null
  tests: TestResult[]
  /** Why Backlab could not grade it; shown to the package's author, who may have caused it. */
  internalError: string | null
}

export type CheckStatus = 'pending' | 'pass' | 'fail' | 'error'

export interface ValidationCheck {
  name: string
  submissionId: string
  status: CheckStatus
  /** Empty when it passed; otherwise each thing that is wrong, naming the test and the file. */
  problems: string[]
}

export type ValidationStatus = 'running' | 'passed' | 'published' | 'failed' | 'error'

/** Most problems shown per check: enough to act on, short enough to read. */
const MAX_PROBLEMS = 12

export function checkName (item: PlanItem): string {
  switch (item.kind) {
    case 'reference': return `solution/${item.runtime} passes every test`
    case 'starter': return `starter/${item.runtime} runs and fails`
    case 'scenario': return `scenarios/${item.scenario} (${item.runtime}) grades as expected.json says`
    case 'alternative': return `alternatives/${item.alternative} (${item.runtime}) passes every test`
  }
}

/** Each check of the plan as far as its gradings have come; `hiddenTests` from the manifest. */
export function evaluateChecks (plan: PlanItem[], outcomes: Map<string, GradingOutcome>, hiddenTests: string[]): ValidationCheck[] {
  return plan.map((item) => {
    const outcome = outcomes.get(item.submissionId)
    const name = checkName(item)
    if (outcome === undefined || outcome.status === 'queued' || outcome.status === 'running') {
      return { name, submissionId: item.submissionId, status: 'pending', problems: [] }
    }
    if (outcome.status === 'error') {
      return {
        name,
        submissionId: item.submissionId,
        status: 'error',
        problems: [`Backlab could not grade it (${faultOf(outcome.internalError)}). ` +
          'If the grader suite crashes or never ends its plan, that is the cause; otherwise validate again.']
      }
    }
    const problems = item.kind === 'reference' || item.kind === 'alternative'
      ? referenceProblems(outcome, hiddenTests)
      : item.kind === 'starter' ? starterProblems(outcome) : scenarioProblems(item.expected, outcome)
    return {
      name,
      submissionId: item.submissionId,
      status: problems.length === 0 ? 'pass' : 'fail',
      problems: problems.length > MAX_PROBLEMS ? [...problems.slice(0, MAX_PROBLEMS), `… and ${problems.length - MAX_PROBLEMS} more`] : problems
    }
  })
}

/** A validation ends failed if any check failed, in error if Backlab could not grade one, else passed. */
export function validationOutcome (checks: ValidationCheck[], publish: boolean): ValidationStatus {
  if (checks.some((c) => c.status === 'pending')) return 'running'
  if (checks.some((c) => c.status === 'fail')) return 'failed'
  if (checks.some((c) => c.status === 'error')) return 'error'
  return publish ? 'published' : 'passed'
}

function referenceProblems (outcome: GradingOutcome, hiddenTests: string[]): string[] {
  const problems: string[] = []
  if (outcome.tests.length === 0) problems.push(`it ran no tests (verdict ${outcome.verdict ?? 'none'}${said(outcome.message)})`)
  else if (outcome.status !== 'passed') {
    problems.push(`verdict ${outcome.verdict ?? 'none'}${said(outcome.message)}`)
    for (const test of outcome.tests.filter((x) => x.status !== 'pass')) problems.push(`test "${test.name}" ${test.status}s${said(test.message)}`)
  }
  const names = new Set(outcome.tests.map((x) => x.name))
  for (const hidden of hiddenTests) {
    if (outcome.tests.length > 0 && !names.has(hidden)) problems.push(`exercise.json: hiddenTests names "${hidden}", which is not one of the suite's tests`)
  }
  return problems
}

function starterProblems (outcome: GradingOutcome): string[] {
  if (outcome.status === 'passed') return ['it passes every test: learners would pass without writing any code']
  if (outcome.verdict !== 'tests_failed') {
    return [`verdict ${outcome.verdict ?? 'none'}${said(outcome.message)}: a starter must start, so that a learner's first submission gets feedback from the tests`]
  }
  return []
}

function scenarioProblems (expected: ScenarioExpectation, outcome: GradingOutcome): string[] {
  const problems: string[] = []
  if (outcome.status !== expected.status) problems.push(`status: expected "${expected.status}", got "${outcome.status}"`)
  if (outcome.verdict !== expected.verdict) problems.push(`verdict: expected "${expected.verdict}", got "${outcome.verdict ?? 'none'}"${said(outcome.message)}`)
  const got = new Map(outcome.tests.map((x) => [x.name, x]))
  const want = new Set(expected.tests.map((x) => x.name))
  for (const test of expected.tests) {
    const actual = got.get(test.name)
    if (actual === undefined) {
      problems.push(`test "${test.name}": expected ${test.status}, but the suite did not report it`)
      continue
    }
    if (actual.status !== test.status) problems.push(`test "${test.name}": expected ${test.status}, got ${actual.status}${said(actual.message)}`)
    if (test.message !== undefined && !(actual.message ?? '').includes(test.message)) {
      problems.push(`test "${test.name}": its message should contain "${test.message}"; it was "${actual.message ?? ''}"`)
    }
  }
  for (const test of outcome.tests) {
    if (!want.has(test.name)) problems.push(`test "${test.name}" (${test.status}) is not in expected.json`)
  }
  const order = outcome.tests.map((x) => x.name).filter((n) => want.has(n))
  const expectedOrder = expected.tests.map((x) => x.name).filter((n) => got.has(n))
  const at = order.findIndex((n, i) => n !== expectedOrder[i])
  if (at >= 0) problems.push(`tests ran in another order than expected.json lists them: "${order[at] ?? ''}" came where "${expectedOrder[at] ?? ''}" was expected`)
  return problems
}

/**
 * What the package's author may see of why a grading was not done: what the worker found wrong
 * with the grader's report (a PlatformFault, which the suite may have caused), never the
 * messages of Docker, Redis or the worker's internals.
 */
function faultOf (internalError: string | null): string {
  const fault = /^PlatformFault: (.*)/s.exec(internalError ?? '')?.[1]
  return fault === undefined ? "a problem on Backlab's side, after retries" : fault.split('\n')[0]?.slice(0, 300) ?? ''
}

function said (message: string | null | undefined): string {
  if (message === null || message === undefined || message === '') return ''
  const line = message.split('\n')[0] ?? ''
  return `: ${line.length > 300 ? `${line.slice(0, 300)}…` : line}`
}
