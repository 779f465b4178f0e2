import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { loadExerciseCatalog } from '../../services/shared/exercise/load-package.js'
import { readFileTree } from '../../services/shared/exercise/file-tree.js'
import { build } from '../helpers/build-app.js'
import { grade, startWorker, type SubmissionView } from '../helpers/grading.js'
import { isolatedConfig } from '../helpers/test-config.js'

interface Expected {
  description: string
  runtime: string
  status: string
  verdict: string
  tests: Array<{ name: string, status: string, message?: string }>
}

// Some 120 gradings (every exercise × runtime × reference, starter, scenarios) take minutes on two
// cores, more than the suite-wide per-file timeout allows.
t.setTimeout(15 * 60_000)

/** Enough broken solutions to pin a grader down, in every language it grades. */
const MIN_SCENARIOS = 4
const MIN_SCENARIOS_PER_RUNTIME = 2

/** `BACKLAB_CATALOG_ONLY=slug[,slug]` proves just those packages (while writing one). */
const only = process.env.BACKLAB_CATALOG_ONLY?.split(',').map((s) => s.trim()).filter(Boolean)

/**
 * Proves every exercise package through the real path (API, queue, worker, containers), in every
 * runtime it accepts: each reference passes every test, each starter does not pass, every
 * scenario matches exactly. Also that the suite follows the instructions' numbered tasks.
 */
t.test('exercise catalog', async (t) => {
  const config = await isolatedConfig(t, await onlyTheseExercises(t))
  const app = await build(t, config)
  await startWorker(t, config)
  const catalog = (await loadExerciseCatalog(config.EXERCISES_DIR))
    .filter((pkg) => only === undefined || only.includes(pkg.manifest.slug))
  t.ok(catalog.length > 0, 'there are exercises to prove')

  for (const pkg of catalog) {
    const { slug, runtimes } = pkg.manifest
    const dir = join(config.EXERCISES_DIR, slug)
    t.test(slug, async (t) => {
      const scenarioNames = (await readdir(join(dir, 'scenarios'), { withFileTypes: true }))
        .filter((e) => e.isDirectory()).map((e) => e.name).sort()
      const scenarios = await Promise.all(scenarioNames.map(async (name) => ({
        name,
        expected: JSON.parse(await readFile(join(dir, 'scenarios', name, 'expected.json'), 'utf8')) as Expected,
        files: await readFileTree(join(dir, 'scenarios', name, 'files'))
      })))

      // Submit everything at once: the worker's concurrency grades them side by side.
      const [solutions, starters, results] = await Promise.all([
        Promise.all(runtimes.map(async (runtime) => await grade(app, slug, await readFileTree(join(dir, 'solution', runtime)), runtime))),
        Promise.all(runtimes.map(async (runtime) => await grade(app, slug, pkg.starterFiles[runtime] ?? {}, runtime))),
        Promise.all(scenarios.map(async (s) => await grade(app, slug, s.files, s.expected.runtime)))
      ])

      runtimes.forEach((runtime, i) => {
        const solution = solutions[i] as SubmissionView
        t.test(`${runtime}: the reference solution passes every test`, async (t) => {
          t.equal(solution.status, 'passed', solution.message ?? '')
          t.equal(solution.verdict, 'tests_passed')
          t.ok(solution.tests.length > 0, 'ran tests')
          t.same(solution.tests.filter((x) => x.status !== 'pass'), [], 'no test failed')
          t.equal(solution.score, solution.tests.length)
        })
        t.test(`${runtime}: the starter does not pass`, async (t) => {
          const starter = starters[i] as SubmissionView
          t.equal(starter.status, 'failed')
          t.equal(starter.verdict, 'tests_failed', 'the starter runs; its tests fail with feedback')
          t.ok(starter.tests.some((x) => x.status === 'fail'), 'some tests fail with feedback')
        })
      })

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

      t.test('scenarios cover every runtime', async (t) => {
        t.ok(scenarios.length >= MIN_SCENARIOS, `at least ${MIN_SCENARIOS} scenarios (has ${scenarios.length})`)
        for (const runtime of runtimes) {
          const count = scenarios.filter((s) => s.expected.runtime === runtime).length
          t.ok(count >= MIN_SCENARIOS_PER_RUNTIME, `at least ${MIN_SCENARIOS_PER_RUNTIME} in ${runtime} (has ${count})`)
        }
      })

      scenarios.forEach(({ name, expected }, i) => {
        t.test(`scenario ${name} (${expected.runtime})`, async (t) => {
          const actual = results[i] as SubmissionView
          t.equal(actual.status, expected.status, `status (${expected.description})`)
          t.equal(actual.verdict, expected.verdict, 'verdict')
          t.same(actual.tests.map((x) => `${x.status} ${x.name}`), expected.tests.map((x) => `${x.status} ${x.name}`),
            'every test with its status, in suite order')
          for (const want of expected.tests.filter((x) => x.message !== undefined)) {
            const got = actual.tests.find((x) => x.name === want.name)
            t.match(got?.message ?? '', want.message as string, `message of "${want.name}"`)
          }
        })
      })
    })
  }
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
