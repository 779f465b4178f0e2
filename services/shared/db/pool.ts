import pg from 'pg'

export type Pool = pg.Pool

export function createPool (connectionString: string): Pool {
  // A small pool: both processes do short queries; the worker's slow part is Docker, not SQL.
  return new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 5000 })
}
