import { join } from 'node:path'
import Postgrator from 'postgrator'
import { repoRoot } from '../config.js'
import type { Pool } from './pool.js'

// From the repository's root, not this module: bundled (scripts/build-services.mjs), it is in dist/.
const migrationPattern = join(repoRoot, 'services/platform/db/migrations/*')

/** Brings the schema to the newest migration. Safe to run from several processes at once. */
export async function migrate (pool: Pool): Promise<void> {
  const client = await pool.connect()
  try {
    // Postgrator is not safe against concurrent runs; an advisory lock makes API and worker boots safe.
    await client.query('SELECT pg_advisory_lock(727274)')
    const postgrator = new Postgrator({
      migrationPattern,
      driver: 'pg',
      schemaTable: 'schema_version',
      execQuery: async (query) => await client.query(query)
    })
    await postgrator.migrate()
  } finally {
    await client.query('SELECT pg_advisory_unlock(727274)').catch(() => {})
    client.release()
  }
}
