import { cp, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * hello-json as it was at version 1, with a coarse rule map: the package the upload tests change
 * and pack. Frozen, so the exercise in exercises/ can grow tests and scenarios without changing
 * what these tests prove (and how many gradings they cost).
 */
export const HELLO_PACKAGE = 'tests/fixtures/packages/v1/hello-json'

const PYTHON_ONLY = ['starter/python', 'solution/python', 'scenarios/fastapi-422-validation', 'scenarios/flask-default-error-pages', 'scenarios/flask-missing-name-400']

/** A copy of HELLO_PACKAGE in `dir`, in node only, under `slug` (and whatever else `manifest` sets). */
export async function nodeOnlyHelloPackage (dir: string, manifest: Record<string, unknown>): Promise<void> {
  await cp(HELLO_PACKAGE, dir, { recursive: true })
  const path = join(dir, 'exercise.json')
  await writeFile(path, JSON.stringify({ ...JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>, runtimes: ['node'], ...manifest }))
  for (const gone of PYTHON_ONLY) await rm(join(dir, gone), { recursive: true })
  const rulesPath = join(dir, 'rules.json')
  const rules = JSON.parse(await readFile(rulesPath, 'utf8')) as { rules: Array<{ scenarios: string[] }> }
  for (const rule of rules.rules) rule.scenarios = rule.scenarios.filter((name) => !PYTHON_ONLY.includes(`scenarios/${name}`))
  await writeFile(rulesPath, JSON.stringify(rules, null, 2))
}
