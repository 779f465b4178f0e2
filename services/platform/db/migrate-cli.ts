import { loadConfig } from '../config.js'
import { createPool } from './pool.js'
import { migrate } from './migrate.js'

const config = loadConfig()
const pool = createPool(config.DATABASE_URL, undefined, config)
try {
  await migrate(pool)
  console.log('database schema is up to date')
} finally {
  await pool.end()
}
