import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Type, type Static } from '@sinclair/typebox'
import { compileCheck } from '../platform/validation.js'
import { isDirectory, readFileTree, type FileMap } from '../platform/file-tree.js'
import type { Manifest } from '../exercise/manifest-schema.js'
import { RUNTIME_NAMES, type RuntimeName } from '../exercise/runtimes.js'
import { VERDICTS, type Verdict } from '../submission/result-schema.js'
import { checkRuleMap, ruleMapProblems, type RuleMap } from './rule-map.js'

/**
 * `scenarios/<name>/expected.json`: what grading the broken solution in `files/` must produce.
 * Every test with its status, in suite order; a `message` is a part the test's message must hold.
 */
export const ScenarioExpectationSchema = Type.Object({
  description: Type.String({ minLength: 1, maxLength: 500 }),
  runtime: Type.Unsafe<RuntimeName>({ type: 'string', enum: RUNTIME_NAMES }),
  status: Type.Unsafe<'passed' | 'failed'>({ type: 'string', enum: ['passed', 'failed'] }),
  verdict: Type.Unsafe<Exclude<Verdict, 'platform_error'>>({ type: 'string', enum: VERDICTS.filter((v) => v !== 'platform_error') }),
  tests: Type.Array(Type.Object({
    name: Type.String({ minLength: 1, maxLength: 300 }),
    status: Type.Unsafe<'pass' | 'fail' | 'error' | 'skip'>({ type: 'string', enum: ['pass', 'fail', 'error', 'skip'] }),
    message: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 }))
  }, { additionalProperties: false }), { maxItems: 500 })
}, { additionalProperties: false })
export type ScenarioExpectation = Static<typeof ScenarioExpectationSchema>
const checkExpectation = compileCheck(ScenarioExpectationSchema)

/** Enough broken solutions to pin a grader down, in every language it grades. */
export const MIN_SCENARIOS = 4
export const MIN_SCENARIOS_PER_RUNTIME = 2
/** Each scenario is one grading of every validation: enough to pin a grader down, not to flood the queue. */
export const MAX_SCENARIOS = 40
/** Scenarios and alternatives together: a rule map asks for a scenario per rule, plus a few correct styles. */
export const MAX_GRADED_EXAMPLES = 50

export interface Scenario {
  name: string
  expected: ScenarioExpectation
  files: FileMap
}

/** `alternatives/<name>/alternative.json`: a correct solution in another style, which must pass. */
export const AlternativeSchema = Type.Object({
  description: Type.String({ minLength: 1, maxLength: 500 }),
  runtime: Type.Unsafe<RuntimeName>({ type: 'string', enum: RUNTIME_NAMES })
}, { additionalProperties: false })
const checkAlternative = compileCheck(AlternativeSchema)

export interface Alternative {
  name: string
  description: string
  runtime: RuntimeName
  files: FileMap
}

/** What a package is proved with: its references, broken-solution scenarios, correct alternatives and rule map. */
export interface ValidationMaterial {
  solutions: Partial<Record<RuntimeName, FileMap>>
  scenarios: Scenario[]
  alternatives: Alternative[]
  ruleMap?: RuleMap
}

/**
 * Reads `solution/<runtime>/` and `scenarios/*` of a package whose manifest already loaded, and
 * adds to `problems` every defect found, each naming its file.
 */
export async function readValidationMaterial (dir: string, manifest: Manifest, problems: string[]): Promise<ValidationMaterial> {
  const solutions: ValidationMaterial['solutions'] = {}
  for (const runtime of manifest.runtimes) {
    if (await isDirectory(join(dir, 'solution', runtime))) solutions[runtime] = await readFileTree(join(dir, 'solution', runtime))
  }
  const scenarios: Scenario[] = []
  const names = await isDirectory(join(dir, 'scenarios'))
    ? (await readdir(join(dir, 'scenarios'), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort()
    : []
  for (const name of names) {
    const where = `scenarios/${name}`
    const text = await readFile(join(dir, where, 'expected.json'), 'utf8').catch(() => undefined)
    const files = await isDirectory(join(dir, where, 'files')) ? await readFileTree(join(dir, where, 'files')) : undefined
    if (files === undefined || Object.keys(files).length === 0) problems.push(`${where}/files/: the broken solution is missing`)
    if (text === undefined) {
      problems.push(`${where}/expected.json: file is missing`)
      continue
    }
    let raw: unknown
    try {
      raw = JSON.parse(text)
    } catch (err) {
      problems.push(`${where}/expected.json: not valid JSON (${(err as Error).message})`)
      continue
    }
    const checked = checkExpectation(raw)
    if (!checked.ok) {
      problems.push(...checked.errors.map((e) => `${where}/expected.json: ${e}`))
      continue
    }
    const expected = checked.value
    if (!manifest.runtimes.includes(expected.runtime)) {
      problems.push(`${where}/expected.json: runtime "${expected.runtime}" is not one of the exercise's runtimes (${manifest.runtimes.join(', ')})`)
    }
    if (expected.status === 'passed') problems.push(`${where}/expected.json: a scenario is a broken solution; its status must be "failed"`)
    if (files !== undefined) scenarios.push({ name, expected, files })
  }
  if (names.length < MIN_SCENARIOS) {
    problems.push(`scenarios/: ${names.length} scenario${names.length === 1 ? '' : 's'}; a package needs at least ${MIN_SCENARIOS} broken solutions with their expected results`)
  }
  if (names.length > MAX_SCENARIOS) {
    problems.push(`scenarios/: ${names.length} scenarios; a package may have at most ${MAX_SCENARIOS} (each is graded at every validation)`)
  }
  for (const runtime of manifest.runtimes) {
    const count = scenarios.filter((s) => s.expected.runtime === runtime).length
    if (count < MIN_SCENARIOS_PER_RUNTIME) {
      problems.push(`scenarios/: ${count} in ${runtime}; each runtime needs at least ${MIN_SCENARIOS_PER_RUNTIME}`)
    }
  }
  const alternatives = await readAlternatives(dir, manifest, problems)
  if (names.length + alternatives.length > MAX_GRADED_EXAMPLES) {
    problems.push(`alternatives/: ${alternatives.length} alternatives and ${names.length} scenarios; together at most ${MAX_GRADED_EXAMPLES} (each is graded at every validation)`)
  }
  const ruleMap = await readRuleMap(dir, scenarios, new Set(names), problems)
  return { solutions, scenarios, alternatives, ...(ruleMap !== undefined && { ruleMap }) }
}

/** `alternatives/*`: optional; each one is graded and must pass every test, like the reference. */
async function readAlternatives (dir: string, manifest: Manifest, problems: string[]): Promise<Alternative[]> {
  if (!(await isDirectory(join(dir, 'alternatives')))) return []
  const names = (await readdir(join(dir, 'alternatives'), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort()
  const alternatives: Alternative[] = []
  for (const name of names) {
    const where = `alternatives/${name}`
    const files = await isDirectory(join(dir, where, 'files')) ? await readFileTree(join(dir, where, 'files')) : {}
    if (Object.keys(files).length === 0) problems.push(`${where}/files/: the solution is missing`)
    const about = await readJson(join(dir, where, 'alternative.json'), `${where}/alternative.json`, problems)
    if (about === undefined) continue
    const checked = checkAlternative(about)
    if (!checked.ok) {
      problems.push(...checked.errors.map((e) => `${where}/alternative.json: ${e}`))
      continue
    }
    if (!manifest.runtimes.includes(checked.value.runtime)) {
      problems.push(`${where}/alternative.json: runtime "${checked.value.runtime}" is not one of the exercise's runtimes (${manifest.runtimes.join(', ')})`)
    }
    if (Object.keys(files).length > 0) alternatives.push({ name, ...checked.value, files })
  }
  return alternatives
}

/** `rules.json`, checked against the instructions and the scenarios' expected results. */
async function readRuleMap (dir: string, scenarios: Scenario[], folders: Set<string>, problems: string[]): Promise<RuleMap | undefined> {
  const raw = await readJson(join(dir, 'rules.json'), 'rules.json', problems)
  if (raw === undefined) return undefined
  const checked = checkRuleMap(raw)
  if (!checked.ok) {
    problems.push(...checked.errors.map((e) => `rules.json: ${e}`))
    return undefined
  }
  const instructions = await readFile(join(dir, 'instructions.md'), 'utf8').catch(() => '')
  problems.push(...ruleMapProblems(checked.value, instructions, scenarios, undefined, folders))
  return checked.value
}

async function readJson (path: string, where: string, problems: string[]): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch(() => undefined)
  if (text === undefined) {
    problems.push(`${where}: file is missing`)
    return undefined
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    problems.push(`${where}: not valid JSON (${(err as Error).message})`)
    return undefined
  }
}
