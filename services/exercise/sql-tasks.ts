import type { FileMap } from '../platform/file-tree.js'
import type { SqlSettings, SqlTask } from './manifest-schema.js'

/** What the grader uses when the manifest says nothing (graders/node/lib/sql reads the same). */
export const SQL_DEFAULTS = { statementTimeoutMs: 2000, maxRows: 1000 } as const

/**
 * Where an SQL exercise's grading material sits in the grader's suite folder. The grader library
 * (graders/node/lib/sql) reads the same paths: the manifest's `sql` settings (plus the
 * exercise's slug and version, which seed the generated datasets), the reference solution, the
 * two datasets, the dataset generator when the exercise has one, and at grading time the
 * learner's files.
 */
export const SQL_BUNDLE = {
  settings: 'backlab-sql/settings.json',
  reference: 'backlab-sql/reference/',
  datasets: 'backlab-sql/datasets/',
  generator: 'backlab-sql/generate.mjs',
  submission: 'backlab-sql/submission/'
} as const

/** Every SQL exercise has these two: the one learners see, and one built to catch over-fitting. */
export const SQL_DATASETS = ['visible.sql', 'hidden.sql'] as const

/**
 * Optional, in datasets/: `export default function generate(random, helpers)` returning the SQL
 * of one more dataset. Instructor code: its text travels to the grader, which alone runs it
 * (graders/node/lib/sql/generated.mjs); the API and the worker never import it.
 */
export const SQL_GENERATOR = 'generate.mjs'

/** How many datasets the grader makes with an exercise's generator (GENERATED_DATASETS in graders/node/lib/sql/generated.mjs). */
export const SQL_GENERATED_DATASETS = 2

/**
 * Why a learner's files do not fit the exercise's tasks, in words that say what to change;
 * undefined when they do. A submission may leave tasks out (they fail with feedback), but not
 * carry a file no task reads: that is a misnamed file, and grading it would silently ignore it.
 * (An empty submission never gets here: the API's schemas refuse it.)
 */
export function sqlFilesProblem (settings: SqlSettings, files: FileMap): string | undefined {
  const expected = settings.tasks.map((task) => task.file)
  const list = expected.join(', ')
  const unknown = Object.keys(files).filter((name) => !expected.includes(name))
  if (unknown.length > 0) {
    return `${unknown.map((n) => `'${n}'`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a task of this exercise. ` +
      `Name each file after its task: ${list}.`
  }
  return undefined
}

/**
 * The grader's part of an SQL exercise: the settings with the exercise's slug and version, the
 * reference solution, the datasets and, when the exercise has one, the dataset generator.
 */
export function sqlGraderBundle (
  settings: SqlSettings, reference: FileMap, datasets: FileMap,
  exercise: { slug: string, version: number }, generator?: string
): FileMap {
  const bundle: FileMap = { [SQL_BUNDLE.settings]: JSON.stringify({ ...settings, exercise: { slug: exercise.slug, version: exercise.version } }, null, 2) }
  for (const [name, text] of Object.entries(reference)) bundle[SQL_BUNDLE.reference + name] = text
  for (const [name, text] of Object.entries(datasets)) bundle[SQL_BUNDLE.datasets + name] = text
  if (generator !== undefined) bundle[SQL_BUNDLE.generator] = generator
  return bundle
}

/** The learner's files as the grader reads them, beside the bundle. */
export function sqlSubmissionFiles (files: FileMap): FileMap {
  return Object.fromEntries(Object.entries(files).map(([name, text]) => [SQL_BUNDLE.submission + name, text]))
}

/**
 * What the grader relies on when a task asks for an order (graders/node/lib/sql/compare.mjs,
 * checkOrder): PostgreSQL's NULL placement, and text order under either collation (when text
 * is compared case-sensitively; otherwise only the reference's order, ties aside).
 */
export function sqlOrderRules (textCase: 'exact' | 'ignore' = 'exact'): string[] {
  return [
    'Missing values: PostgreSQL sorts NULLs last in ascending order (ASC) and first in descending order (DESC), unless the ORDER BY says NULLS FIRST or NULLS LAST. That default is the expected order, unless the task says where rows without a value go.',
    'Text order: the grader\'s database sorts text by code point (collation C: \'Zoe\' before \'adam\', uppercase before lowercase).' +
      (textCase === 'ignore' ? '' : ' An order that is alphabetical under en-US (as a local database or COLLATE "en-US-x-icu" sorts) passes too.') +
      ' Where the order decides which rows come (LIMIT, OFFSET), the rows are those of the C order, which COLLATE "C" after a sort key gives on any database.'
  ]
}

/** Schema tasks: a constraint counts when COMMIT would enforce it (graders/node/lib/sql/task-database.mjs). */
export const SQL_SCHEMA_RULES = [
  'Graded by behaviour: rows that must be accepted, rows that must be rejected, and the keys and types in the catalog.',
  'Each row is tried in a transaction that is then rolled back, its constraints checked as COMMIT checks them: a DEFERRABLE constraint (such as a foreign key DEFERRABLE INITIALLY DEFERRED, as Django makes them) rejects at COMMIT, and that counts as rejected.'
]

/**
 * How a task is graded, in the words a learner reads before submitting: the complaint about SQL
 * checkers is rules nobody was told (an order never asked for, an alias demanded).
 */
export function sqlTaskRules (task: SqlTask, { generated = false }: { generated?: boolean } = {}): string[] {
  // With a generator (datasets/generate.mjs), the grader also grades on datasets it makes.
  const more = generated
    ? ` Then on ${SQL_GENERATED_DATASETS} datasets made by the exercise's generator from a fixed seed, with ties, NULLs, empty strings, case variants and boundary values; a failure there names the seed and shows that dataset.`
    : ''
  if (task.kind === 'change') {
    return [`Graded by the contents of ${task.tables?.join(', ') ?? 'the tables'} afterwards, on this dataset and on a hidden one.${more}`]
  }
  if (task.kind === 'schema') return [...SQL_SCHEMA_RULES]
  if (task.kind === 'index') return ['Graded by the plans of the task\'s queries (EXPLAIN) on a large table, and by their results staying the same.']
  const c = task.compare ?? {}
  return [
    c.orderBy === undefined
      ? 'Row order: any.'
      : `Row order: by ${c.orderBy.join(', then ')}, as the task says; rows tied on ${c.orderBy.length === 1 ? 'it' : 'all of them'} may come in any order.`,
    c.columns === 'names'
      ? 'Columns: compared by name (the names the task gives), in any order.'
      : 'Columns: compared by position; their names are up to you.',
    c.tolerance === undefined || c.tolerance === 0
      ? 'Numbers: compared by value (12.5 equals 12.50), with no rounding allowed.'
      : `Numbers: equal when they differ by at most ${c.tolerance}.`,
    c.duplicates === 'ignore' ? 'Duplicate rows: ignored (compared as sets).' : 'Duplicate rows: counted; a row expected once must come once.',
    c.textCase === 'ignore' ? 'Text: case does not matter.' : 'Text: case matters.',
    `Your query must also give the right answer on a hidden dataset.${more}`,
    ...(c.orderBy === undefined ? [] : sqlOrderRules(c.textCase))
  ]
}
