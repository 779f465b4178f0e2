import { join } from 'node:path'
import t from 'tap'
import { createDockerEngine } from '../../services/platform/docker/docker-engine.js'
import { loadConfig } from '../../services/platform/config.js'
import { loadExerciseCatalog } from '../../services/exercise/load-package.js'
import { readFileTree } from '../../services/platform/file-tree.js'
import { readValidationMaterial } from '../../services/exercise-package/validation-material.js'
import { build } from '../helpers/build-app.js'
import { startWorker, submit, waitForResult, type SubmissionView } from '../helpers/grading.js'
import { isolatedConfig } from '../helpers/test-config.js'

/**
 * When the catalog is proved under runc (BACKLAB_CATALOG_RUNTIME=runc, as CI does to save two
 * thirds of its time), every correct solution, reference and alternative, is graded again under
 * runsc, the default sandbox: gVisor's slower start and syscalls must never fail a correct
 * solution. Broken solutions' verdicts under runsc are the hostile corpus's concern; the full
 * catalog under runsc is `npm test -- tests/exercises/catalog.test.ts` without the variable.
 */
const fullCatalogRuntime = process.env.BACKLAB_CATALOG_RUNTIME ?? 'auto'

t.setTimeout(40 * 60_000)

const { runtime: available } = await createDockerEngine(loadConfig(process.env).DOCKER_SOCKET, { sandboxRuntime: 'auto' }).sandboxRuntime()
const skip = available !== 'runsc'
  ? 'runsc is not installed: learner code runs under runc, as the full catalog proves'
  : fullCatalogRuntime !== 'runc' ? `the full catalog already runs under the default sandbox (BACKLAB_CATALOG_RUNTIME=${fullCatalogRuntime})` : false

t.test('every correct solution passes under runsc', { skip }, async (t) => {
  const config = await isolatedConfig(t, { HOST_STAT_PATH: '/proc/stat', SANDBOX_RUNTIME: 'runsc' })
  const app = await build(t, config)
  await startWorker(t, config)

  const catalog = await loadExerciseCatalog(config.EXERCISES_DIR)
  const gradings = catalog.flatMap((pkg) => {
    const { slug, runtimes } = pkg.manifest
    const dir = join(config.EXERCISES_DIR, slug)
    const material = readValidationMaterial(dir, pkg.manifest, [])
    return [
      ...runtimes.map((runtime) => ({
        name: `${slug}: the ${runtime} reference`,
        result: (async () => await grade(slug, await readFileTree(join(dir, 'solution', runtime)), runtime))()
      })),
      { name: `${slug}: alternatives`, result: (async () => await Promise.all((await material).alternatives.map(async (a) => await grade(slug, a.files, a.runtime))))() }
    ]
  })
  // Queued at once, awaited in order: the worker stays busy.
  for (const g of gradings) g.result.catch(() => {})

  async function grade (slug: string, files: Record<string, string>, runtime: string): Promise<SubmissionView> {
    return await waitForResult(app, await submit(app, slug, files, runtime), 35 * 60_000)
  }

  for (const { name, result } of gradings) {
    const views = [await result].flat()
    t.ok(views.length > 0, `${name}: graded`)
    t.same(views.filter((v) => v.verdict !== 'tests_passed' || v.tests.length === 0)
      .map((v) => `${v.verdict ?? v.status}: ${v.message ?? ''} ${v.tests.filter((x) => x.status !== 'pass').map((x) => x.name).join(', ')}`),
    [], `${name}: every test passes`)
  }
})
