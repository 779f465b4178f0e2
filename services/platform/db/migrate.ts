import { fileURLToPath } from 'node:url'
import Postgrator from 'postgrator'
import type { Pool } from './pool.js'

const migrationPattern = fileURLToPath(new URL('./migrations/*', import.meta.url))

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
