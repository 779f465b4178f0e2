import { loadConfig } from '../config.js'
import { createPool } from './pool.js'
import { migrate } from './migrate.js'

const pool = createPool(loadConfig().DATABASE_URL)
try {
  await migrate(pool)
  console.log('database schema is up to date')
} finally {
  await pool.end()
}
