// Reads what the worker put beside the suite for an SQL exercise (services/exercise/
// sql-tasks.ts, SQL_BUNDLE): the manifest's sql settings (with the exercise's slug and version),
// the reference solution, the datasets, the dataset generator if the exercise has one, and the
// learner's files. Same paths on both sides.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Same defaults as SQL_DEFAULTS in sql-tasks.ts. */
export const DEFAULT_SETTINGS = { statementTimeoutMs: 2000, maxRows: 1000 }

export function readBundle(root = process.env.BACKLAB_SUITE_DIR || '/opt/grader/suite') {
  const dir = join(root, 'backlab-sql')
  const folder = name => {
    const path = join(dir, name)
    if (!existsSync(path)) return {}
    return Object.fromEntries(readdirSync(path).map(file => [file, readFileSync(join(path, file), 'utf8')]))
  }
  const { exercise, ...settings } = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))
  const generator = join(dir, 'generate.mjs')
  return {
    settings: { ...DEFAULT_SETTINGS, ...settings },
    /** `{ slug, version }`: the seeds of the generated datasets are made from them. */
    exercise,
    /** The path of datasets/generate.mjs, run by ./generated.mjs; undefined when there is none. */
    generator: existsSync(generator) ? generator : undefined,
    reference: folder('reference'),
    datasets: folder('datasets'),
    submission: folder('submission'),
  }
}
