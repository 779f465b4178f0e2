// Generated SQL datasets (graders/node/lib/sql/generated.mjs): a PRNG seeded from the exercise's
// slug and version gives the same datasets on every run and every machine, the helpers draw
// from it alone, a broken generator is the exercise's fault, and the catalog's generators keep
// the promise their instructions make (byte order and en-US order agree on every sorted value).
// No services needed.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import {
  datasetSeed, GENERATED_DATASETS, GENERATED_NAMES, generateDatasets, generatorHelpers, GeneratorError, insert, literal,
  MAX_GENERATED_SHOWN, reproduceGenerated, seededRandom
} from '@backlab/grader/sql'
import { loadExercisePackage } from '../../../services/exercise/load-package.js'
import { SQL_BUNDLE, SQL_GENERATED_DATASETS, sqlTaskRules } from '../../../services/exercise/sql-tasks.js'

const EXERCISES = fileURLToPath(new URL('../../../exercises/', import.meta.url))
/** The exercises that ship a generator, and the text columns their tasks sort (table, column). */
const GENERATORS = {
  'select-filter-order': [['products', 1], ['products', 2]],
  joins: [['users', 1], ['products', 1]]
} as const

const PINNED = ['0.5749460997', '0.8631864320', '0.1520117074']

function draws (seed: string, n: number): number[] {
  const random = seededRandom(seed)
  return Array.from({ length: n }, () => random())
}

t.test('the PRNG is a pure function of its seed, in [0, 1), and pinned', async (t) => {
  t.same(draws('joins@2#1', 50), draws('joins@2#1', 50), 'the same seed gives the same numbers')
  t.not(draws('joins@2#1', 5).join(), draws('joins@2#2', 5).join(), 'another seed, other numbers')
  t.not(draws('joins@2#1', 5).join(), draws('joins@3#1', 5).join(), 'another version, other numbers')
  const many = draws('spread', 10000)
  t.ok(many.every((x) => x >= 0 && x < 1), 'every number in [0, 1)')
  const mean = many.reduce((a, b) => a + b, 0) / many.length
  t.ok(Math.abs(mean - 0.5) < 0.02, `spread evenly (mean ${mean.toFixed(3)})`)
  // Pinned: a change of the algorithm changes every generated dataset, and so verdicts already given.
  t.same(draws('select-filter-order@2#1', 3).map((x) => x.toFixed(10)), PINNED, 'the algorithm has not changed')
})

t.test('seeds name the exercise version and the dataset', async (t) => {
  t.equal(GENERATED_DATASETS, 2)
  t.same(GENERATED_NAMES, ['generated1', 'generated2'])
  t.equal(datasetSeed({ slug: 'select-filter-order', version: 3 }, 2), 'select-filter-order@3#2')
})

t.test('learners are told about generated datasets when the exercise has a generator', async (t) => {
  t.equal(SQL_GENERATED_DATASETS, GENERATED_DATASETS, 'the API and the grader agree on how many')
  const task = { file: '01-a.sql', title: 'A', kind: 'query' as const }
  t.notMatch(sqlTaskRules(task).join(' '), /generator/)
  t.match(sqlTaskRules(task, { generated: true }).join(' '), /hidden dataset\. Then on 2 datasets made by the exercise's generator from a fixed seed/)
  t.match(sqlTaskRules({ ...task, kind: 'change', tables: ['t'] }, { generated: true })[0], /generator/)
})

t.test('helpers draw from the seeded PRNG only', async (t) => {
  const helpers = (seed: string): ReturnType<typeof generatorHelpers> => {
    const random = seededRandom(seed)
    return generatorHelpers(random, seed)
  }
  const a = helpers('h')
  const ints = Array.from({ length: 2000 }, () => a.int(3, 6))
  t.same([...new Set(ints)].sort(), [3, 4, 5, 6], 'int() is inclusive at both ends and reaches them')
  const list = Array.from({ length: 20 }, (_, i) => i)
  const shuffled = a.shuffle(list)
  t.same([...shuffled].sort((x, y) => x - y), list, 'shuffle() is a permutation')
  t.not(shuffled.join(), list.join(), 'shuffle() moves things')
  t.same(list, Array.from({ length: 20 }, (_, i) => i), 'shuffle() leaves its input alone')
  const picked = a.sample(list, 5)
  t.equal(new Set(picked).size, 5, 'sample() picks distinct items')
  t.throws(() => a.pick([]), /empty/)
  const b = helpers('h')
  const c = helpers('h')
  t.same([b.int(0, 1000), b.pick(list), b.shuffle(list), b.chance(0.5)], [c.int(0, 1000), c.pick(list), c.shuffle(list), c.chance(0.5)], 'same seed, same draws')
})

t.test('literals and inserts are valid SQL', async (t) => {
  t.equal(literal(null), 'NULL')
  t.equal(literal(''), "''")
  t.equal(literal("O'Brien"), "'O''Brien'")
  t.equal(literal(12.5), '12.5')
  t.equal(literal(false), 'false')
  t.equal(insert('t', ['a', 'b'], [[1, null], [2, 'x']]), "INSERT INTO t (a, b) VALUES\n  (1, NULL),\n  (2, 'x');\n")
  t.equal(insert('t', ['a'], []), '', 'no rows, no statement')
})

t.test('generateDatasets runs a generator once per dataset, reproducibly', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'backlab-generator-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const write = async (name: string, text: string): Promise<string> => {
    await writeFile(join(dir, name), text)
    return join(dir, name)
  }
  const good = await write('good.mjs', `export default (random, { int, seed }) =>
    \`CREATE TABLE t (n int); INSERT INTO t VALUES (\${int(1, 1000000)}); -- \${seed}\``)
  const exercise = { slug: 'demo', version: 4 }
  const first = await generateDatasets(good, exercise)
  t.same(first.map((d) => [d.name, d.number, d.seed]), [['generated1', 1, 'demo@4#1'], ['generated2', 2, 'demo@4#2']])
  t.ok(first[0]?.sql.endsWith('-- demo@4#1'), 'the generator is told its seed')
  t.not(first[0]?.sql, first[1]?.sql, 'each dataset has its own seed')
  t.same(await generateDatasets(good, exercise), first, 'and the same seeds give the same SQL')
  t.same(await generateDatasets(undefined, exercise), [], 'no generator, no datasets')
  // eslint-disable-next-line no-template-curly-in-string -- a generator's source, written to a file
  const asynchronous = await write('async.mjs', 'export default async (random) => `SELECT ${random()}`')
  t.equal((await generateDatasets(asynchronous, exercise)).length, 2, 'a generator may be async')

  const broken: Array<[string, string, RegExp]> = [
    ['throws.mjs', "export default () => { throw new Error('boom') }", /failed for seed demo@4#1: .*boom/],
    ['empty.mjs', "export default () => '  '", /returned no SQL text for seed demo@4#1/],
    ['named.mjs', "export function generate () { return 'SELECT 1' }", /must export a function as its default export/],
    ['syntax.mjs', 'export default (', /cannot be loaded/]
  ]
  for (const [name, text, message] of broken) {
    await t.rejects(generateDatasets(await write(name, text), exercise), message, name)
    const error: unknown = await generateDatasets(join(dir, name), exercise).catch((err: unknown) => err)
    t.ok(error instanceof GeneratorError, `${name}: a GeneratorError, the exercise's fault`)
  }
  await t.rejects(generateDatasets(good, undefined), /does not say which exercise version/)
})

t.test('a generated dataset in feedback: its seed, how to run it, and its SQL', async (t) => {
  const dataset = { name: 'generated2', number: 2, seed: 'joins@2#2', sql: 'CREATE TABLE t (n int);\nINSERT INTO t VALUES (1);\n' }
  const shown = reproduceGenerated({ file: '03-never-ordered.sql' }, dataset)
  t.match(shown, /^-- Generated dataset 2 \(seed joins@2#2\)\. Save this text as generated2\.sql/)
  t.match(shown, /psql -X -q -d backlab_try -f generated2\.sql && psql -X -d backlab_try -f 03-never-ordered\.sql/)
  t.ok(shown.endsWith('INSERT INTO t VALUES (1);'), 'the whole dataset when it is short')
  const long = { ...dataset, sql: Array.from({ length: 400 }, (_, i) => `INSERT INTO t VALUES (${i});`).join('\n') }
  const cut = reproduceGenerated({ file: '03-never-ordered.sql' }, long)
  t.ok(cut.length < MAX_GENERATED_SHOWN + 400, 'a long one is cut')
  t.match(cut, /-- … \(cut: \d+ more lines of 400\)$/)
})

/** The quoted values of column `column` (0-based) in the INSERT into `table` of a generated dataset. */
function columnValues (sql: string, table: string, column: number): Array<string | null> {
  const start = sql.indexOf(`INSERT INTO ${table} `)
  const block = sql.slice(start, sql.indexOf(';\n', start))
  const rows = block.split('\n').slice(1)
  return rows.map((row) => {
    const values = [...row.matchAll(/'((?:[^']|'')*)'|(NULL)|(-?[\d.]+)|(true|false)/g)].map((m) => m[1] !== undefined ? m[1].replaceAll("''", "'") : m[2] !== undefined ? null : m[3] ?? m[4])
    return values[column] ?? null
  })
}

const collator = new Intl.Collator('en-US')
const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b))

for (const [slug, sortedColumns] of Object.entries(GENERATORS)) {
  t.test(`${slug}: its generator is reproducible and keeps byte and en-US order in agreement`, async (t) => {
    const pkg = await loadExercisePackage(join(EXERCISES, slug))
    const bundle = pkg.graderFiles
    t.ok(bundle[SQL_BUNDLE.generator], 'the generator travels in the grader bundle')
    t.same(JSON.parse(bundle[SQL_BUNDLE.settings] ?? '{}').exercise, { slug, version: pkg.manifest.version }, 'with the slug and version that seed it')
    const path = join(EXERCISES, slug, 'datasets', 'generate.mjs')
    for (let version = 1; version <= 60; version++) {
      const exercise = { slug, version }
      const datasets = await generateDatasets(path, exercise)
      const again = await generateDatasets(path, exercise)
      if (datasets.some((d, i) => d.sql !== again[i]?.sql)) t.fail(`${slug}@${version}: not reproducible`)
      for (const d of datasets) {
        if (d.sql.length > MAX_GENERATED_SHOWN) t.fail(`${d.seed}: ${d.sql.length} characters, more than feedback shows whole`)
        for (const [table, column] of sortedColumns) {
          const values = columnValues(d.sql, table, column).filter((v): v is string => v !== null)
          if (values.length < 5) t.fail(`${d.seed}: ${table} column ${column} not read (${values.length} values)`)
          const inBytes = [...values].sort(byteOrder)
          const inEnUs = [...values].sort((a, b) => collator.compare(a, b))
          if (inBytes.join('\n') !== inEnUs.join('\n')) t.fail(`${d.seed}: ${table} column ${column} sorts differently in C and en-US`)
        }
      }
    }
    t.pass('60 versions × 2 datasets checked')
  })
}
