import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { createDockerEngine } from '../../services/platform/docker/docker-engine.js'
import { loadExerciseCatalog } from '../../services/exercise/load-package.js'
import { readFileTree } from '../../services/platform/file-tree.js'
import { MIN_SCENARIOS, MIN_SCENARIOS_PER_RUNTIME, readValidationMaterial } from '../../services/exercise-package/validation-material.js'
import { evaluateChecks, type GradingOutcome, type PlanItem } from '../../services/exercise-package/validation-checks.js'
import { ruleMapProblems } from '../../services/exercise-package/rule-map.js'
import { build } from '../helpers/build-app.js'
import { startWorker, submit, waitForResult, type SubmissionView } from '../helpers/grading.js'
import { isolatedConfig } from '../helpers/test-config.js'

// Some 550 gradings (every exercise × runtime × reference, starter, scenarios, alternatives) take
// minutes on two cores (~13 under runc; under runsc, the default, a fresh-clone CI run graded 539
// in its first 45), more than the suite-wide per-file timeout allows; a load run
// (scripts/load-run.sh) gives them longer.
const minutes = Number(process.env.BACKLAB_CATALOG_MINUTES ?? 75)
/**
 * The sandbox runtime the catalog is proved under: the default (`auto`, runsc where installed)
 * unless BACKLAB_CATALOG_RUNTIME says otherwise. CI proves the catalog under runc, a third of the
 * time on two cores, and every correct solution again under runsc (catalog-gvisor.test.ts).
 */
export const CATALOG_RUNTIME = process.env.BACKLAB_CATALOG_RUNTIME
t.setTimeout(minutes * 60_000)
/** Every grading is queued at once, so the last waits for all the others. */
const WAIT_MS = minutes * 60_000
/**
 * Submissions sent at once. The queue is filled all the same; hundreds of one account's POSTs at
 * the same moment would only measure the database pool (which answers them 503 SERVICE_BUSY).
 */
const SUBMITTING_AT_ONCE = 8

/**
 * Correct solutions in other styles than the reference: a verdict must hold for every style the
 * text allows. The built-in catalog's own bar, above what an upload needs; the scenario counts are
 * an upload's (validation-material.ts).
 */
const MIN_ALTERNATIVES = 3

/** `BACKLAB_CATALOG_ONLY=slug[,slug]` proves just those packages (while writing one). */
const only = process.env.BACKLAB_CATALOG_ONLY?.split(',').map((s) => s.trim()).filter(Boolean)

/**
 * Proves every exercise package through the real path (API, queue, worker, containers), in every
 * runtime it accepts: each reference and each alternative passes every test, each starter does
 * not pass, every scenario matches exactly, and the rule map holds against the real test names.
 * Also that the suite follows the instructions' numbered tasks.
 */
t.test('exercise catalog', async (t) => {
  // The host's real load: a busy CI host must not fail a correct solution here either.
  const config = await isolatedConfig(t, {
    HOST_STAT_PATH: '/proc/stat', ...await onlyTheseExercises(t), ...(CATALOG_RUNTIME !== undefined && { SANDBOX_RUNTIME: CATALOG_RUNTIME })
  })
  const app = await build(t, config)
  await startWorker(t, config)
  const { runtime: sandbox } = await createDockerEngine(config.DOCKER_SOCKET, { sandboxRuntime: config.SANDBOX_RUNTIME }).sandboxRuntime()
  t.comment(`learner containers run under ${sandbox} (SANDBOX_RUNTIME=${config.SANDBOX_RUNTIME})`)
  const figures: SubmissionView[] = []
  const catalog = (await loadExerciseCatalog(config.EXERCISES_DIR))
    .filter((pkg) => only === undefined || only.includes(pkg.manifest.slug))
  t.ok(catalog.length > 0, 'there are exercises to prove')

  let submitting = 0
  const turns: Array<() => void> = []
  const grade = async (slug: string, files: Record<string, string>, runtime: string): Promise<SubmissionView> => {
    // eslint-disable-next-line no-unmodified-loop-condition -- other gradings' submits change it while this waits
    while (submitting >= SUBMITTING_AT_ONCE) await new Promise<void>((resolve) => { turns.push(resolve) })
    submitting++
    let id: string
    try {
      id = await submit(app, slug, files, runtime)
    } finally {
      submitting--
      turns.shift()?.()
    }
    return await waitForResult(app, id, WAIT_MS)
  }

  // Every package's gradings are queued before the first is awaited: the worker stays busy
  // across exercises instead of draining each one's tail before the next begins.
  const proofs = catalog.map((pkg) => {
    const { slug, runtimes } = pkg.manifest
    const dir = join(config.EXERCISES_DIR, slug)
    const proof = (async () => {
      // The same reading, and the same static checks, as an instructor's upload gets.
      const problems: string[] = []
      const material = await readValidationMaterial(dir, pkg.manifest, problems)
      const graded = await Promise.all([
        Promise.all(runtimes.map(async (runtime) => await grade(slug, await readFileTree(join(dir, 'solution', runtime)), runtime))),
        Promise.all(runtimes.map(async (runtime) => await grade(slug, pkg.starterFiles[runtime] ?? {}, runtime))),
        Promise.all(material.scenarios.map(async (s) => await grade(slug, s.files, s.expected.runtime))),
        Promise.all(material.alternatives.map(async (a) => await grade(slug, a.files, a.runtime)))
      ])
      return { problems, material, graded }
    })()
    proof.catch(() => {}) // awaited, and reported, by the package's own test below
    return proof
  })

  catalog.forEach((pkg, index) => {
    const { slug, runtimes } = pkg.manifest
    t.test(slug, async (t) => {
      const { problems, material, graded } = await (proofs[index] as (typeof proofs)[number])
      const { scenarios, alternatives } = material
      t.same(problems, [], 'the package\'s files, scenarios, alternatives and rule map are sound')
      const [solutions, starters, results, alternativeResults] = graded
      figures.push(...graded.flat())

      // The same checks, and the same words, as an instructor's upload of this package gets.
      const plan: PlanItem[] = [
        ...runtimes.map((runtime, i): PlanItem => ({ kind: 'reference', runtime, submissionId: (solutions[i] as SubmissionView).id })),
        ...runtimes.map((runtime, i): PlanItem => ({ kind: 'starter', runtime, submissionId: (starters[i] as SubmissionView).id })),
        ...scenarios.map((s, i): PlanItem => ({ kind: 'scenario', scenario: s.name, expected: s.expected, runtime: s.expected.runtime, submissionId: (results[i] as SubmissionView).id })),
        ...alternatives.map((a, i): PlanItem => ({ kind: 'alternative', alternative: a.name, runtime: a.runtime, submissionId: (alternativeResults[i] as SubmissionView).id }))
      ]
      const outcomes = new Map(graded.flat().map((v): [string, GradingOutcome] => [v.id, {
        status: v.status as GradingOutcome['status'], verdict: v.verdict, message: v.message, tests: v.tests as GradingOutcome['tests'], internalError: null
      }]))
      for (const check of evaluateChecks(plan, outcomes, pkg.manifest.hiddenTests ?? [])) {
        t.test(check.name, async (t) => {
          t.equal(check.status, 'pass', check.problems.join('\n'))
          t.same(check.problems, [])
        })
      }

      t.test('tests follow the numbered tasks of the instructions', async (t) => {
        const headings = [...pkg.instructions.matchAll(/^## (\d+)\. /gm)].map((m) => Number(m[1]))
        t.same(headings, headings.map((_, i) => i + 1), 'tasks are numbered 1, 2, 3, … in order')
        const names = (solutions[0] as SubmissionView).tests.map((x) => x.name)
        const tasks = names.map((name) => Number(/^(\d+)\. /.exec(name)?.[1]))
        t.same(names.filter((_, i) => Number.isNaN(tasks[i])), [], 'every test name starts with its task number')
        t.same(tasks, [...tasks].sort((a, b) => a - b), 'tests run in task order')
        t.same([...new Set(tasks)], headings, 'every task has tests, and every test a task')
        for (const hidden of pkg.manifest.hiddenTests ?? []) t.ok(names.includes(hidden), `hidden test '${hidden}' is one of the suite's tests`)
      })

      t.test('the rule map holds for the tests the suite really reports', async (t) => {
        t.ok(material.ruleMap !== undefined, 'rules.json is there')
        if (material.ruleMap === undefined) return
        const names = (solutions[0] as SubmissionView).tests.map((x) => x.name)
        t.same(ruleMapProblems(material.ruleMap, pkg.instructions, scenarios, names), [], 'every rule tested and broken alone, every test a stated rule')
      })

      t.test(`at least ${MIN_ALTERNATIVES} correct alternatives`, async (t) => {
        t.ok(alternatives.length >= MIN_ALTERNATIVES, `has ${alternatives.length}`)
      })

      t.test('scenarios cover every runtime', async (t) => {
        t.ok(scenarios.length >= MIN_SCENARIOS, `at least ${MIN_SCENARIOS} scenarios (has ${scenarios.length})`)
        for (const runtime of runtimes) {
          const count = scenarios.filter((s) => s.expected.runtime === runtime).length
          t.ok(count >= MIN_SCENARIOS_PER_RUNTIME, `at least ${MIN_SCENARIOS_PER_RUNTIME} in ${runtime} (has ${count})`)
        }
      })
    })
  })

  // What the host's load did to the gradings: the figures a load run (scripts/load-run.sh) reports.
  t.test('load figures', async (t) => {
    const values = (key: string): number[] => figures.map((v) => v.timings[key]).filter((x): x is number => typeof x === 'number').sort((a, b) => a - b)
    const median = (xs: number[]): number => xs[Math.floor(xs.length / 2)] ?? 0
    const scale = values('timeScale')
    const slowdown = values('hostSlowdown')
    t.comment(`load: ${figures.length} gradings, ${figures.filter((v) => v.attempts > 1).length} graded again, ` +
      `${figures.filter((v) => v.status === 'error').length} ended inconclusive or in error, ` +
      `${figures.filter((v) => (v.timings.timedWaits ?? 0) > 0).length} with a wait that ran out; ` +
      `timeScale median ${median(scale)} max ${scale.at(-1) ?? 0}; hostSlowdown median ${median(slowdown)} max ${slowdown.at(-1) ?? 0}; ` +
      `grading median ${median(values('gradingMs'))} ms`)
    t.pass('figures reported')
  })
})

/**
 * With BACKLAB_CATALOG_ONLY, a copy of just those packages: the API loads a whole catalog at boot,
 * and another package being written at the same time must not stop this one being proved.
 */
async function onlyTheseExercises (t: Test): Promise<Record<string, string>> {
  if (only === undefined) return {}
  const root = await mkdtemp(join(tmpdir(), 'backlab-catalog-'))
  t.teardown(async () => { await rm(root, { recursive: true, force: true }) })
  await Promise.all(only.map(async (slug) => { await cp(join('exercises', slug), join(root, slug), { recursive: true }) }))
  return { EXERCISES_DIR: root }
}
