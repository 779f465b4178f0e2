// Settling a validation: nothing while a grading is unfinished; the worker's reconciler ends one
// whose last grading finished unnoticed; a grading Backlab could not do publishes nothing.
import t from 'tap'
import { readFileTree } from '../../services/platform/file-tree.js'
import { createExercisesRepository } from '../../services/exercise/exercises-repository.js'
import { loadUploadedPackage } from '../../services/exercise-package/uploaded-package.js'
import { createValidationsRepository } from '../../services/exercise-package/validations-repository.js'
import { build } from '../helpers/build-app.js'
import { startWorker } from '../helpers/grading.js'
import { isolatedConfig } from '../helpers/test-config.js'
import { HELLO_PACKAGE } from '../helpers/packages.js'

t.test('a validation is settled once, when its last grading has ended', async (t) => {
  const config = await isolatedConfig(t)
  const app = await build(t, config)
  // No queue jobs are made here: the gradings are ended by hand, as a worker would end them.
  const worker = await startWorker(t, config)
  const validations = createValidationsRepository(app.pg)
  const files = await readFileTree(HELLO_PACKAGE)
  files['exercise.json'] = JSON.stringify({ ...JSON.parse(files['exercise.json'] ?? '{}'), slug: 'hello-settle' })
  const upload = await loadUploadedPackage(files)

  const created = await validations.create(upload, app.account.id, { publish: true, maintains: false })
  if (!('view' in created)) throw new Error(`refused: ${JSON.stringify(created)}`)
  const { id, checks } = created.view
  const rows = (await app.pg.query('SELECT user_id, status FROM submissions WHERE validation_id = $1', [id])).rows
  t.equal(rows.length, checks.length, 'one submission per check')
  t.ok(rows.every((r) => r.user_id === null && r.status === 'queued'), 'queued, and nobody\'s')

  const end = async (ids: string[]): Promise<void> => {
    await app.pg.query(`UPDATE submissions SET status = 'error', verdict = 'platform_error', internal_error = 'PlatformFault: no plan'
      WHERE id = ANY($1)`, [ids])
  }
  const [last, ...others] = checks.map((c) => c.submissionId)
  await end(others)
  t.equal(await validations.settle(id), undefined, 'one grading is still queued: nothing to settle')
  t.equal((await validations.find(id))?.status, 'running')

  await end([last ?? ''])
  await worker.reconcile()
  const report = await validations.find(id)
  t.equal(report?.status, 'error', 'the reconciler settled it')
  t.ok(report?.checks.every((c) => c.status === 'error' && /\(no plan\)/.test(c.problems[0] ?? '')))
  t.equal(await validations.settle(id), undefined, 'settled once')
  const exercise = (await app.pg.query("SELECT published_at FROM exercises WHERE slug = 'hello-settle'")).rows[0]
  t.equal(exercise.published_at, null, 'nothing published')
  t.equal((await app.pg.query("SELECT count(*)::int AS n FROM exercise_maintainers WHERE exercise_slug = 'hello-settle'")).rows[0].n, 0)

  t.match(await validations.create(upload, app.account.id, { publish: true, maintains: false }), { view: { status: 'running' } }, 'validated again once it ended')
})

t.test('the repository\'s exercises/ wins over an unpublished upload of the same version, never over a published one', async (t) => {
  const config = await isolatedConfig(t)
  const app = await build(t, config)
  const validations = createValidationsRepository(app.pg)
  const exercises = createExercisesRepository(app.pg)
  const files = await readFileTree(HELLO_PACKAGE)
  files['exercise.json'] = JSON.stringify({ ...JSON.parse(files['exercise.json'] ?? '{}'), slug: 'hello-boot' })
  const upload = await loadUploadedPackage(files)
  await validations.create(upload, app.account.id, { publish: false, maintains: false })
  const fromRepository = { ...upload.pkg, instructions: 'the repository\'s own', contentHash: 'repository' }
  t.equal(await exercises.upsert(fromRepository), true)
  t.match((await app.pg.query("SELECT instructions, uploaded_by, published_at FROM exercises WHERE slug = 'hello-boot'")).rows,
    [{ instructions: 'the repository\'s own', uploaded_by: null, published_at: Date }])

  await app.pg.query("UPDATE exercises SET uploaded_by = $1, content_hash = 'uploaded' WHERE slug = 'hello-boot'", [app.account.id])
  t.equal(await exercises.upsert(fromRepository), false, 'a published upload is kept; boot says the repository\'s was not loaded')
  t.equal((await app.pg.query("SELECT content_hash FROM exercises WHERE slug = 'hello-boot'")).rows[0].content_hash, 'uploaded')
})
