import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { Test as Tap } from 'tap'
import { loadConfig, type Config } from '../../services/shared/config.js'

/**
 * A config for one test file: its own database and its own queue, so test files can run in
 * parallel against the same Postgres and Redis without seeing each other's data.
 */
export async function isolatedConfig (t: Tap, overrides: Record<string, string> = {}): Promise<Config> {
  const base = loadConfig({ ...process.env, LOG_LEVEL: 'silent' })
  const suffix = randomBytes(6).toString('hex')
  const databaseUrl = await createDatabase(t, base.DATABASE_URL, `backlab_test_${suffix}`)
  return loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    QUEUE_NAME: `test-${suffix}`,
    // Accounts are made in nearly every test: a cheap hash, and limits that only the tests of
    // the limits lower.
    PASSWORD_HASH_COST: '10',
    SUBMISSIONS_PER_MINUTE: '100000',
    SUBMISSIONS_QUEUED_PER_USER: '100000',
    QUEUE_CAP: '100000',
    ...overrides
  })
}

async function createDatabase (t: Tap, adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  t.teardown(async () => {
    const cleanup = new pg.Client({ connectionString: adminUrl })
    await cleanup.connect()
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await cleanup.end()
  })
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}
