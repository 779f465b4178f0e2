import t from 'tap'
import { readFileTree } from '../../../services/platform/file-tree.js'
import { build } from '../../helpers/build-app.js'
import { startWorker, waitForResult } from '../../helpers/grading.js'
import { isolatedConfig } from '../../helpers/test-config.js'

t.test('a submission whose job was lost is enqueued again and graded', async (t) => {
  const config = await isolatedConfig(t, { STUCK_AFTER_MS: '100' })
  // The API is cut off from Redis, as if Redis were down when the learner submitted.
  const offline = await build(t, { ...config, REDIS_URL: 'redis://127.0.0.1:1' })
  const files = await readFileTree(new URL('../../../exercises/todos-crud/solution/node', import.meta.url).pathname)
  const res = await offline.inject({ method: 'POST', url: '/api/v1/submissions', payload: { exercise: 'todos-crud', files } })
  t.equal(res.statusCode, 202)
  const id = res.json().id as string

  const worker = await startWorker(t, config)
  await new Promise((resolve) => setTimeout(resolve, 200))
  t.same(await worker.reconcile(), { requeued: 1, gaveUp: 0 })
  const view = await waitForResult(offline, id)
  t.equal(view.status, 'passed')
  t.same(await worker.reconcile(), { requeued: 0, gaveUp: 0 }, 'nothing left to do')
})

t.test('a submission out of attempts is given up as a platform error', async (t) => {
  const config = await isolatedConfig(t, { STUCK_AFTER_MS: '100', JOB_ATTEMPTS: '1' })
  const app = await build(t, config)
  const files = await readFileTree(new URL('../../../exercises/todos-crud/solution/node', import.meta.url).pathname)
  const { rows } = await app.pg.query(
    `INSERT INTO submissions (id, user_id, exercise_slug, exercise_version, runtime, files, status, attempts, updated_at)
     VALUES (gen_random_uuid(), $2, 'todos-crud', (SELECT max(version) FROM exercises WHERE slug = 'todos-crud'), 'node', $1,
             'running', 1, now() - interval '1 hour') RETURNING id`, [files, app.account.id])
  const worker = await startWorker(t, config)
  t.same(await worker.reconcile(), { requeued: 0, gaveUp: 1 })
  const view = await waitForResult(app, rows[0].id as string)
  t.match(view, { status: 'error', verdict: 'platform_error' })
})
