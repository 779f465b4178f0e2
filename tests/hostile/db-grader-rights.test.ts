// Hostile apps against the grader's database rights (issue 16, item 3). Each fixture in
// tests/fixtures/hostile/db-*/ is the notes-postgres reference solution plus code it plants in
// its own database, to run when the grader reads or changes the app's tables: a trigger, an
// ENABLE ALWAYS trigger, a rule, a view calling the app's function, built-ins shadowed through
// search_path. The planted code records the role it ran as, takes that role over when it is not
// the app's (a new password, open to any role), and the app then logs in with it (spy.js), all
// printed to the app's log. Graded through the API, the queue, the worker and real pods: the
// verdict is the app's own (every test passes: the API is the reference), the planted code ran
// with the app's rights alone, and no login as another role ever succeeded. One more answers the
// grader's queries with gigabytes (db-result-bomb): the checks that asked fail, as the app's
// result, instead of the grader running out of memory. See SECURITY.md.
import { join } from 'node:path'
import t from 'tap'
import { readFileTree, type FileMap } from '../../services/platform/file-tree.js'
import { createDockerEngine } from '../../services/platform/docker/docker-engine.js'
import { build } from '../helpers/build-app.js'
import { startWorker, submit, waitForResult } from '../helpers/grading.js'
import { isolatedConfig } from '../helpers/test-config.js'
import { containersOf, pollUntilEmpty } from './corpus.js'

t.setTimeout(6 * 60_000)

const FIXTURES = join('tests', 'fixtures', 'hostile')

interface DbAttack {
  name: string
  /** The `via` its planted code records when the grader's work runs it; none: it must not run there at all. */
  ranVia?: string
  /** An attack on the grader's memory rather than its rights: fails the database checks, as the app's result. */
  bomb?: true
}

const ATTACKS: DbAttack[] = [
  { name: 'db-trigger-takes-grader-role', ranVia: 'trigger' },
  { name: 'db-always-trigger', ranVia: 'always trigger' },
  { name: 'db-rule', ranVia: 'rule' },
  { name: 'db-view-function', ranVia: 'view' },
  { name: 'db-search-path-hijack' },
  { name: 'db-result-bomb', bomb: true }
]

async function attackFiles (name: string): Promise<FileMap> {
  const solution = await readFileTree(join('exercises', 'notes-postgres', 'solution', 'node'))
  const kit = await readFileTree(join(FIXTURES, 'db-spy-kit'))
  return { 'notes.js': solution['server.js'] ?? '', ...kit, ...await readFileTree(join(FIXTURES, name)) }
}

t.test('code an app plants in its database gains nothing when the grader\'s work runs it', async (t) => {
  const only = process.env.HOSTILE_ONLY?.split(',')
  const attacks = ATTACKS.filter((a) => only === undefined || only.includes(a.name))
  const config = await isolatedConfig(t, { WORKER_CONCURRENCY: '2', JOB_BACKOFF_MS: '200' })
  const app = await build(t, config)
  await startWorker(t, config)
  const engine = createDockerEngine(config.DOCKER_SOCKET)
  const submitted = []
  for (const attack of attacks) {
    const id = await submit(app, 'notes-postgres', await attackFiles(attack.name), 'node')
    submitted.push({ attack, result: waitForResult(app, id, 240_000) })
  }

  for (const { attack, result } of submitted) {
    t.test(attack.name, async (t) => {
      const view = await result
      const log = view.logTail ?? ''
      if (process.env.HOSTILE_SHOW_LOGS === '1') t.comment(`log tail of ${attack.name}:\n${log}`)
      const failing = view.tests.filter((x) => x.status !== 'pass').map((x) => `${x.name}: ${x.message ?? ''}`)
      t.equal(view.attempts, 1, 'graded once, not retried as a platform fault')
      t.ok(view.tests.length > 20, 'the whole suite ran')
      if (attack.bomb === true) {
        t.equal(view.verdict, 'tests_failed', 'the app\'s own result, not a platform error')
        t.match(failing.join('\n'), /larger than 16 MB/, 'the database checks say what they met')
        t.ok(view.tests.filter((x) => x.status === 'pass').length > 10, 'the API checks still pass')
        t.same(await pollUntilEmpty(async () => await containersOf(engine, view.id)), [], 'no container of the submission is left')
        return
      }
      t.equal(view.verdict, 'tests_passed', `the app's own result: every test passes (failing: ${failing.join('; ') || 'none'})`)

      const lines = log.split('\n').filter((l) => l.startsWith('db-attack '))
      const ran = lines.filter((l) => l.startsWith('db-attack ran as '))
      t.same(ran.filter((l) => !/^db-attack ran as app \(session app\) via /.test(l)), [],
        'the planted code never ran as any role but the app\'s own')
      t.same(lines.filter((l) => / logged in as /.test(l)), [], 'no login as another role succeeded')
      if (attack.ranVia !== undefined) {
        t.ok(ran.includes(`db-attack ran as app (session app) via ${attack.ranVia}`),
          `the grader's work did run the planted ${attack.ranVia}, with the app's rights`)
      } else {
        t.same(ran, [], 'the shadowing operator never ran in the grader\'s session')
      }
      if (attack.name === 'db-trigger-takes-grader-role') {
        t.match(log, /db-attack event trigger: refused \(permission denied to create event trigger/)
        t.match(log, /db-attack password of backlab_grader from the app: refused \(role "backlab_grader" does not exist\)/)
      }
      t.same(await pollUntilEmpty(async () => await containersOf(engine, view.id)), [], 'no container of the submission is left')
    })
  }
})
