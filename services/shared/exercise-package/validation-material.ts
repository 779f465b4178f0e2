import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Type, type Static } from '@sinclair/typebox'
import { compileCheck } from '../validation.js'
import { isDirectory, readFileTree, type FileMap } from '../exercise/file-tree.js'
import type { Manifest } from '../exercise/manifest-schema.js'
import { RUNTIME_NAMES, type RuntimeName } from '../exercise/runtimes.js'
import { VERDICTS, type Verdict } from '../submission/result-schema.js'

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

export interface Scenario {
  name: string
  expected: ScenarioExpectation
  files: FileMap
}

/** What a package is proved with: its reference solutions and its broken-solution scenarios. */
export interface ValidationMaterial {
  solutions: Partial<Record<RuntimeName, FileMap>>
  scenarios: Scenario[]
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
  return { solutions, scenarios }
}
