import pg from 'pg'
import { ConfigSchema, type Config } from '../config.js'

export type Pool = pg.Pool

/** The pool's size and wait (config DB_POOL_MAX, DB_CONNECTION_TIMEOUT_MS). */
export type PoolSettings = Pick<Config, 'DB_POOL_MAX' | 'DB_CONNECTION_TIMEOUT_MS'>

/** For one-off scripts that read no config: the settings' defaults, from the one schema. */
const DEFAULT_SETTINGS: PoolSettings = {
  DB_POOL_MAX: ConfigSchema.properties.DB_POOL_MAX.default as number,
  DB_CONNECTION_TIMEOUT_MS: ConfigSchema.properties.DB_CONNECTION_TIMEOUT_MS.default as number
}

/**
 * `onIdleError` hears errors of connections that sit idle in the pool: Postgres restarting, or an
 * admin ending sessions. pg emits them on the pool, and with no listener Node ends the process;
 * the pool has already dropped the connection, so logging is all there is to do.
 */
export function createPool (connectionString: string, onIdleError: (err: Error) => void = () => {}, settings: PoolSettings = DEFAULT_SETTINGS): Pool {
  const pool = new pg.Pool({ connectionString, max: settings.DB_POOL_MAX, connectionTimeoutMillis: settings.DB_CONNECTION_TIMEOUT_MS })
  pool.on('error', onIdleError)
  return pool
}
