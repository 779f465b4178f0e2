import { Type, type Static } from '@sinclair/typebox'
import { compileCheck } from '../platform/validation.js'
import { VERDICTS, type Verdict } from '../submission/result-schema.js'
import type { ScenarioExpectation } from './validation-material.js'

/**
 * `rules.json`: every rule the instructions state, the tests that check it and the broken
 * solutions that break it alone (exercises/README.md, "The rule map"). It turns "every stated
 * rule is tested, and every test checks a stated rule" into something a machine checks.
 */
export const RuleMapSchema = Type.Object({
  rules: Type.Array(Type.Object({
    id: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80 }),
    says: Type.String({ minLength: 8, maxLength: 1000 }),
    tests: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 100 }),
    verdict: Type.Optional(Type.Unsafe<Exclude<Verdict, 'platform_error' | 'tests_passed'>>({
      type: 'string', enum: VERDICTS.filter((v) => v !== 'platform_error' && v !== 'tests_passed')
    })),
    scenarios: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 40 })
  }, { additionalProperties: false }), { minItems: 1, maxItems: 300 })
}, { additionalProperties: false })
export type RuleMap = Static<typeof RuleMapSchema>
export const checkRuleMap = compileCheck(RuleMapSchema)

interface ScenarioRef { name: string, expected: ScenarioExpectation }

/**
 * What is wrong with a package's rule map, each naming the rule or scenario. `suiteTests` are the
 * names of every test the suite reports, in order: from a real grading of the reference when
 * there is one, else from the scenarios' expected results (each lists every test). `folders`
 * are the scenario folders present, loaded or not.
 */
export function ruleMapProblems (
  map: RuleMap, instructions: string, scenarios: ScenarioRef[], suiteTests?: string[], folders?: Set<string>
): string[] {
  const problems: string[] = []
  const text = normalise(instructions)
  const tests = suiteTests ?? testsOfTheSuite(scenarios)
  const known = new Set(tests)
  const byName = new Map(scenarios.map((s) => [s.name, s.expected]))
  const covered = new Set<string>()
  const listed = new Set<string>()
  const ids = new Set<string>()

  for (const rule of map.rules) {
    const where = `rules.json: rule "${rule.id}"`
    if (ids.has(rule.id)) problems.push(`${where}: the id is used twice`)
    ids.add(rule.id)
    if (!text.includes(normalise(rule.says))) {
      problems.push(`${where}: "says" is not a quote of instructions.md: ${JSON.stringify(rule.says.slice(0, 120))}`)
    }
    if (rule.tests.length === 0 && rule.verdict === undefined) problems.push(`${where}: names no test and no verdict, so nothing checks it`)
    for (const test of rule.tests) {
      if (known.size > 0 && !known.has(test)) problems.push(`${where}: test "${test}" is not one of the suite's tests`)
      covered.add(test)
    }
    for (const name of rule.scenarios) {
      listed.add(name)
      const expected = byName.get(name)
      if (expected === undefined) {
        // A scenario whose own files are wrong has its problem named already, by the scenario.
        if (folders?.has(name) !== true) problems.push(`${where}: scenario "${name}" does not exist`)
        continue
      }
      const caught = firstCatch(expected)
      if (caught === undefined) {
        problems.push(`${where}: scenario "${name}" is expected to pass every test, so it breaks no rule`)
      } else if (caught.test === undefined) {
        if (rule.verdict !== caught.verdict) {
          problems.push(`${where}: scenario "${name}" runs no test (verdict ${caught.verdict}); the rule's verdict is ${rule.verdict ?? 'not set'}`)
        }
      } else if (!rule.tests.includes(caught.test)) {
        problems.push(`${where}: scenario "${name}" is caught first by "${caught.test}", a test of another rule: ` +
          'either the scenario breaks more than this rule, or the tests report this rule under another name')
      }
    }
  }
  for (const test of tests) {
    if (!covered.has(test)) problems.push(`rules.json: test "${test}" belongs to no rule: what stated rule does it check?`)
  }
  for (const s of scenarios) {
    if (s.expected.status === 'failed' && !listed.has(s.name)) problems.push(`rules.json: scenario "${s.name}" is listed by no rule: which rule does it break?`)
  }
  return problems
}

/** The first test a broken solution does not pass, or the verdict when no test ran; undefined when it passes. */
function firstCatch (expected: ScenarioExpectation): { test?: string, verdict: string } | undefined {
  if (expected.status === 'passed') return undefined
  const first = expected.tests.find((t) => t.status === 'fail' || t.status === 'error')
  return first === undefined ? { verdict: expected.verdict } : { test: first.name, verdict: expected.verdict }
}

/** Every scenario that ran tests lists all of them; the longest list is the suite's. */
function testsOfTheSuite (scenarios: ScenarioRef[]): string[] {
  let longest: string[] = []
  for (const s of scenarios) if (s.expected.tests.length > longest.length) longest = s.expected.tests.map((t) => t.name)
  return longest
}

/** Quotes are matched without Markdown marks, line breaks or case: what a reader sees. */
function normalise (text: string): string {
  return text.replace(/[`*_|>]/g, '').replace(/\\(.)/g, '$1').replace(/\s+/g, ' ').trim().toLowerCase()
}
