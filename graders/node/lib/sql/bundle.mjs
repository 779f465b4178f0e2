// Reads what the worker put beside the suite for an SQL exercise (services/shared/exercise/
// sql-tasks.ts, SQL_BUNDLE): the manifest's sql settings, the reference solution, the datasets
// and the learner's files. Same paths on both sides.
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
  const settings = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))
  return {
    settings: { ...DEFAULT_SETTINGS, ...settings },
    reference: folder('reference'),
    datasets: folder('datasets'),
    submission: folder('submission'),
  }
}
