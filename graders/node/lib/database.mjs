// The exercise's Postgres sidecar, as the grader sees it: a connection as role app, the app's own
// (owner of database app), for checking what the learner's app stored. Only pods of exercises
// whose manifest lists the `postgres` service have BACKLAB_DATABASE_URL.
//
// The app owns the database and can plant code that runs with the rights of whoever reads or
// changes its tables: triggers (ENABLE ALWAYS ones too), rules, functions in views, defaults,
// checks or index expressions, operators and functions named like built-ins. Run by the grader,
// such code gets the app's rights, which the app has anyway: the sidecar has no grader role whose
// password it could change and then log in with. What it may still try is to change the grader's
// session for the grader's later queries (SET search_path to shadow a built-in, a temporary table
// named like the app's): every query starts from a session reset to how it logged in. And it may
// answer with far more than the grader asks for: a result is read up to MAX_RESULT_BYTES.
import pg from 'pg'

let pool

/** `await db().query(sql, params)` → rows. One small pool per suite, closed by closeDatabase(). */
export function db(env = process.env) {
  if (!pool) {
    const connectionString = env.BACKLAB_DATABASE_URL
    if (!connectionString) {
      throw new Error('BACKLAB_DATABASE_URL is not set: this exercise has no postgres service in its manifest')
    }
    // A search_path given at login wins over the one the app may set for its database or role
    // (ALTER DATABASE / ALTER ROLE … SET). pg_catalog, left out of it, is searched first; pg_temp,
    // named last, is searched last (left out, it would come first); new tables still go to public.
    const client = new pg.Pool({
      connectionString,
      options: '-c search_path=public,pg_temp',
      max: 2,
      connectionTimeoutMillis: 3000,
      statement_timeout: 5000,
    })
    // An idle client dropped by the server must not crash the suite.
    client.on('error', () => {})
    pool = {
      async query(sql, params = []) {
        const session = await client.connect().catch(loginFailed)
        // A session the server ends while the grader holds it (the app may end its own role's
        // sessions) reports that as an event too: the query's rejection says it, once.
        const lost = () => {}
        session.on('error', lost)
        try {
          // What a statement of the app's code set in this session (search_path, role, temporary
          // tables, timeouts…) is undone before the next: settings return to those of the login.
          await session.query('DISCARD ALL')
          const result = await boundedQuery(session, sql, params)
          session.removeListener('error', lost)
          session.release()
          return result.rows
        } catch (error) {
          // Not reused: the server may have ended it (the app can end its own role's sessions).
          session.release(error)
          throw error
        }
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

/** More than the grader's queries ever read: past it, a result is not read further (see boundedQuery). */
export const MAX_RESULT_BYTES = 16 * 1024 * 1024

/**
 * `session.query(sql, params)`, but a result larger than MAX_RESULT_BYTES fails instead of filling
 * the grader's memory: the app decides what its tables and views return (a view can repeat a
 * megabyte-long title for every row the grader asks for), and a grader killed for memory would
 * make the app's mistake a platform error. Rows are counted as they arrive; past the limit the
 * session's socket is closed, so the server stops sending.
 */
function boundedQuery(session, sql, params) {
  return new Promise((resolve, reject) => {
    let bytes = 0
    let tooLarge = false
    const query = new pg.Query(sql, params, (error, result) => {
      if (tooLarge) {
        reject(new Error(
          `the result of the grader's query on your app's database is larger than ${MAX_RESULT_BYTES / 1024 / 1024} MB, ` +
            `far more than the rows it asks for: the grader stopped reading it. Query: ${sql.slice(0, 300)}`,
        ))
      } else if (error) reject(error)
      else resolve(result)
    })
    query.on('row', row => {
      if (tooLarge) return
      bytes += rowBytes(row)
      if (bytes > MAX_RESULT_BYTES) {
        tooLarge = true
        session.connection.stream.destroy()
      }
    })
    session.query(query)
  })
}

/** Roughly the bytes a row holds: its text as received (strings, bytea as a Buffer, parsed values). */
function rowBytes(row) {
  let bytes = 0
  for (const value of Object.values(row)) {
    if (typeof value === 'string' || Buffer.isBuffer(value)) bytes += value.length
    else if (value !== null && typeof value === 'object' && !(value instanceof Date)) bytes += JSON.stringify(value)?.length ?? 0
    else bytes += 8
  }
  return bytes
}

/** A refused login says how the grader logs in: the app can change its own role's password. */
function loginFailed(error) {
  if (error?.code === '28P01') {
    error.message =
      `the grader logs in to your app's database as role app with password app (DATABASE_URL), ` +
      `and PostgreSQL refused: ${error.message}. Does your app change the password of its role?`
  }
  throw error
}

export async function closeDatabase() {
  if (pool) {
    const p = pool
    pool = undefined
    await p.end()
  }
}
