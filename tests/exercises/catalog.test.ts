import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { loadExerciseCatalog } from '../../services/shared/exercise/load-package.js'
import { readFileTree } from '../../services/shared/exercise/file-tree.js'
import { build } from '../helpers/build-app.js'
import { grade, startWorker, type SubmissionView } from '../helpers/grading.js'
import { isolatedConfig } from '../helpers/test-config.js'

interface Expected {
  description: string
  status: string
  verdict: string
  tests: Array<{ name: string, status: string, message?: string }>
}

/**
 * Proves every exercise package through the real path (API, queue, worker, containers):
 * the reference passes every test, the starter does not pass, every scenario matches exactly.
 */
t.test('exercise catalog', async (t) => {
  const config = await isolatedConfig(t)
  const app = await build(t, config)
  await startWorker(t, config)

  for (const pkg of await loadExerciseCatalog(config.EXERCISES_DIR)) {
    const slug = pkg.manifest.slug
    const dir = join(config.EXERCISES_DIR, slug)
    t.test(slug, async (t) => {
      const scenarioNames = (await readdir(join(dir, 'scenarios'), { withFileTypes: true }))
        .filter((e) => e.isDirectory()).map((e) => e.name).sort()
      // Submit everything at once: the worker's concurrency grades them side by side.
      const [solution, starter, ...scenarios] = await Promise.all([
        grade(app, slug, await readFileTree(join(dir, 'solution'))),
        grade(app, slug, pkg.starterFiles),
        ...scenarioNames.map(async (name) => await grade(app, slug, await readFileTree(join(dir, 'scenarios', name, 'files'))))
      ]) as [SubmissionView, SubmissionView, ...SubmissionView[]]

      t.test('the reference solution passes every test', async (t) => {
        t.equal(solution.status, 'passed', solution.message ?? '')
        t.equal(solution.verdict, 'tests_passed')
        t.ok(solution.tests.length > 0, 'ran tests')
        t.same(solution.tests.filter((x) => x.status !== 'pass'), [], 'no test failed')
        t.equal(solution.score, solution.tests.length)
      })

      t.test('the starter does not pass', async (t) => {
        t.equal(starter.status, 'failed')
        t.ok(starter.tests.some((x) => x.status === 'fail'), 'some tests fail with feedback')
      })

      scenarioNames.forEach((name, i) => {
        t.test(`scenario ${name}`, async (t) => {
          const expected = JSON.parse(await readFile(join(dir, 'scenarios', name, 'expected.json'), 'utf8')) as Expected
          const actual = scenarios[i] as SubmissionView
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
