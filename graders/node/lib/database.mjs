// The exercise's Postgres sidecar, as the grader sees it: a connection as role backlab_grader
// (reads and writes every table, no superuser) for checking what the learner's app stored. Only pods of exercises whose
// manifest lists the `postgres` service have BACKLAB_DATABASE_URL.
import pg from 'pg'

let pool

/** `await db().query(sql, params)` → rows. One small pool per suite, closed by closeDatabase(). */
export function db(env = process.env) {
  if (!pool) {
    const connectionString = env.BACKLAB_DATABASE_URL
    if (!connectionString) {
      throw new Error('BACKLAB_DATABASE_URL is not set: this exercise has no postgres service in its manifest')
    }
    // The app owns the database and may change its search_path or plant functions named like
    // built-ins (lower, count…) in it. A search_path set at connection start wins over the
    // database's; pg_catalog, left out of it, is searched first, and new tables still go to public.
    const client = new pg.Pool({
      connectionString,
      options: '-c search_path=public',
      max: 2,
      connectionTimeoutMillis: 3000,
      statement_timeout: 5000,
    })
    // An idle client dropped by the server must not crash the suite.
    client.on('error', () => {})
    pool = {
      async query(sql, params = []) {
        const result = await client.query(sql, params)
        return result.rows
      },
      /** Names of the tables in the app's database (schema public), lower-case. */
      async tables() {
        const rows = await this.query(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_catalog = current_database() ORDER BY 1",
        )
        return rows.map(row => row.table_name)
      },
      end: () => client.end(),
    }
  }
  return pool
}

export async function closeDatabase() {
  if (pool) {
    const p = pool
    pool = undefined
    await p.end()
  }
}
