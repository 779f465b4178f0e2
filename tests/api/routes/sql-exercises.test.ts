// An SQL exercise through the API: what a learner sees of it (tasks with their rules, the visible
// dataset; never the reference or the hidden dataset) and which submissions are refused at once.
import t, { type Test } from 'tap'
import { loadExercisePackage } from '../../../services/exercise/load-package.js'
import { build } from '../../helpers/build-app.js'
import { isolatedConfig } from '../../helpers/test-config.js'

const manifest = {
  slug: 'tiny-sql',
  version: 1,
  title: 'Tiny SQL',
  summary: 'Two tasks.',
  track: 'sql',
  runtimes: ['sql'],
  sql: {
    tasks: [
      { file: '01-names.sql', title: 'Names, sorted', kind: 'query', compare: { orderBy: ['name'], tolerance: 0.01 } },
      { file: '02-raise.sql', title: 'Raise prices', kind: 'change', tables: ['products'] }
    ]
  },
  grader: { entry: 'suite.test.mjs' },
  limits: {}
}

function packageDir (t: Test, changes: Record<string, unknown> = {}): string {
  return t.testdir({
    'tiny-sql': {
      'exercise.json': JSON.stringify({ ...manifest, ...changes }),
      'instructions.md': '## 1. Names\n## 2. Raise\n',
      starter: { sql: { '01-names.sql': '-- here', '02-raise.sql': '-- here' } },
      solution: { sql: { '01-names.sql': 'SELECT name FROM products ORDER BY name', '02-raise.sql': 'UPDATE products SET price = price * 2' } },
      datasets: { 'visible.sql': 'CREATE TABLE products (name text, price numeric); -- visible', 'hidden.sql': '-- the hidden one' },
      grader: { 'suite.test.mjs': '' }
    }
  })
}

t.test('the exercise shows its tasks and rules and the visible dataset, not the reference', async (t) => {
  const config = await isolatedConfig(t, { EXERCISES_DIR: packageDir(t) })
  const app = await build(t, config)
  const res = await app.inject({ url: '/api/v1/exercises/tiny-sql' })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.same(body.runtimes, ['sql'])
  t.notOk('port' in body, 'no server, no port')
  t.match(body.runtimeDetails.sql, { allowedFiles: ['*.sql'], starterFiles: { '01-names.sql': '-- here' } })
  t.notOk('entry' in body.runtimeDetails.sql)
  t.match(body.sql, {
    tasks: [
      { file: '01-names.sql', kind: 'query', rules: ['Row order: by name, as the task says; rows tied on it may come in any order.', /by position/, /at most 0.01/, /counted/, /case matters/, /hidden dataset/] },
      { file: '02-raise.sql', kind: 'change', rules: [/contents of products afterwards/] }
    ],
    visibleDataset: /-- visible/,
    statementTimeoutMs: 2000,
    maxRows: 1000
  })
  t.notMatch(res.body, /ORDER BY name|the hidden one/, 'neither the reference nor the hidden dataset')
})

t.test('files that are not tasks are refused naming the task files', async (t) => {
  const config = await isolatedConfig(t, { EXERCISES_DIR: packageDir(t) })
  const app = await build(t, config)
  const post = async (files: Record<string, string>) => await app.inject({ method: 'POST', url: '/api/v1/submissions', payload: { exercise: 'tiny-sql', files } })

  const misnamed = await post({ '01-name.sql': 'SELECT 1' })
  t.equal(misnamed.statusCode, 400)
  t.match(misnamed.json(), { error: { code: 'FILE_NOT_ALLOWED', message: "'01-name.sql' is not a task of this exercise. Name each file after its task: 01-names.sql, 02-raise.sql." } })
  const folder = await post({ 'sql/01-names.sql': 'SELECT 1' })
  t.match(folder.json(), { error: { code: 'FILE_NOT_ALLOWED', message: /Allowed paths: \*\.sql/ } })
  const { rows } = await app.pg.query('SELECT count(*)::int AS n FROM submissions')
  t.equal(rows[0].n, 0, 'nothing stored')

  const partial = await post({ '02-raise.sql': 'UPDATE products SET price = 1' })
  t.equal(partial.statusCode, 202, 'one task of two is a submission: the other task fails with feedback')
})

t.test('a package whose sql settings do not fit its files is refused with every defect', async (t) => {
  const dir = packageDir(t, { port: 3000, runtimes: ['sql', 'node'] })
  await t.rejects(loadExercisePackage(`${dir}/tiny-sql`), packageError([
    'starter/node/: folder is missing',
    'solution/node/: folder is missing',
    'exercise.json: runtime "sql" cannot be combined with another runtime'
  ]))
  const renumbered = packageDir(t, { sql: { tasks: [{ ...manifest.sql.tasks[1], file: '01-raise.sql', tables: undefined, compare: {} }] } })
  await t.rejects(loadExercisePackage(`${renumbered}/tiny-sql`), packageError([
    'exercise.json: sql.tasks.0 (change) must list the tables it compares',
    'exercise.json: sql.tasks.0: compare applies to query tasks only',
    'starter/sql/: missing 01-raise.sql',
    'starter/sql/: 01-names.sql, 02-raise.sql are not a task in exercise.json',
    'solution/sql/: missing 01-raise.sql',
    'solution/sql/: 01-names.sql, 02-raise.sql are not a task in exercise.json'
  ]))
})

function packageError (problems: string[]): Error {
  return Object.assign(new Error(), { name: 'ExercisePackageError', problems }) as Error
}
