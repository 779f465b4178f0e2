// Generated datasets through the real path (API, queue, worker, an sql pod): a query right on the
// visible and the hidden dataset but wrong on a generated one fails, naming that dataset and its
// seed, with the rows that differ and the dataset's SQL to try it on; the hidden rows stay unseen.
// Needs the services (npm test brings them up) and the grader image.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { generateDatasets } from '@backlab/grader/sql'
import { readFileTree } from '../../../services/platform/file-tree.js'
import { build } from '../../helpers/build-app.js'
import { grade, startWorker } from '../../helpers/grading.js'
import { isolatedConfig } from '../../helpers/test-config.js'

t.setTimeout(4 * 60_000)

t.test('a query fitted to the visible and hidden rows fails on a generated dataset, which feedback names', async (t) => {
  const config = await isolatedConfig(t)
  const app = await build(t, config)
  await startWorker(t, config)
  const dir = join('exercises', 'joins')
  const { version } = JSON.parse(await readFile(join(dir, 'exercise.json'), 'utf8')) as { version: number }
  const hidden = await readFile(join(dir, 'datasets', 'hidden.sql'), 'utf8')
  // No user of the visible or the hidden dataset has an empty name; every generated dataset has one.
  const files = {
    ...await readFileTree(join(dir, 'solution', 'sql')),
    '02-orders-per-user.sql': "SELECT u.email, count(o.id) FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE u.name <> '' GROUP BY u.id, u.email"
  }
  const result = await grade(app, 'joins', files, 'sql', 180_000)
  t.equal(result.verdict, 'tests_failed', 'the learner\'s result')
  const failed = result.tests.filter((test) => test.status !== 'pass')
  t.same(failed.map((test) => test.name.split('.')[0]), ['2'], 'only task 2 fails')
  const task = failed[0] ?? { name: '', status: 'missing', message: '', expected: '', curl: '' }
  t.match(task.message, `Right on the visible and the hidden dataset, but not on generated dataset 1 (seed joins@${version}#1): `)
  t.match(task.message, /missing/i)
  t.match(task.expected, /Missing from your result:/)
  t.match(task.expected, /Expected result \(generated dataset 1\)/)
  t.match(task.curl, `-- Generated dataset 1 (seed joins@${version}#1). Save this text as generated1.sql`)
  t.match(task.curl, /CREATE TABLE users/)
  t.match(task.curl, /INSERT INTO order_items/)
  // The hidden dataset's rows are never shown: none of its emails (that no generated dataset has) is in the feedback.
  const datasets = await generateDatasets(join(dir, 'datasets', 'generate.mjs'), { slug: 'joins', version })
  const generated = datasets.map((d) => d.sql).join('\n')
  t.ok(task.curl?.includes(datasets[0]?.sql.trim() ?? '-'), 'the dataset shown is the one the seed gives')
  const hiddenEmails = [...hidden.matchAll(/'([a-z]+@example\.com)'/g)].map((m) => m[1] ?? '').filter((email) => !generated.includes(email))
  const shown = JSON.stringify(result.tests)
  t.ok(hiddenEmails.length > 0 && hiddenEmails.every((email) => !shown.includes(email)), `no hidden row is shown (${hiddenEmails.join(', ')})`)
  t.notMatch(shown, /hidden dataset\)/, 'no table of the hidden dataset')
  t.comment(`grading timings: ${JSON.stringify(result.timings)}`)

  const passed = await grade(app, 'joins', await readFileTree(join(dir, 'solution', 'sql')), 'sql', 180_000)
  t.equal(passed.verdict, 'tests_passed', 'the reference passes every dataset, generated ones included')
  t.comment(`reference timings: ${JSON.stringify(passed.timings)}`)
})
