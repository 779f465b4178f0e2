import pg from 'pg'

export type Pool = pg.Pool

/**
 * `onIdleError` hears errors of connections that sit idle in the pool: Postgres restarting, or an
 * admin ending sessions. pg emits them on the pool, and with no listener Node ends the process;
 * the pool has already dropped the connection, so logging is all there is to do.
 */
export function createPool (connectionString: string, onIdleError: (err: Error) => void = () => {}): Pool {
  // A small pool: both processes do short queries; the worker's slow part is Docker, not SQL.
  const pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 5000 })
  pool.on('error', onIdleError)
  return pool
}
