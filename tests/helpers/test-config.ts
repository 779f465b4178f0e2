import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import type { Test as Tap } from 'tap'
import { loadConfig, type Config } from '../../services/platform/config.js'

/**
 * The kernel's runnable-task count of a quiet host (/proc/stat's format): a test's verdicts must
 * not depend on what other test files load the host with, unless the test is about that (the
 * catalog grades on the real /proc/stat; tests/grading/busy-host.test.ts writes its own).
 */
export const QUIET_HOST_STAT = fileURLToPath(new URL('../fixtures/quiet-host-stat', import.meta.url))

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
    AUTH_REQUESTS_PER_MINUTE: '100000',
    HOST_STAT_PATH: QUIET_HOST_STAT,
    ...overrides
  })
}

async function createDatabase (t: Tap, adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  t.teardown(async () => {
    // A client left open keeps the test's process alive until its file times out.
    const cleanup = new pg.Client({ connectionString: adminUrl })
    await cleanup.connect()
    try {
      await dropDatabase(cleanup, name)
    } finally {
      await cleanup.end()
    }
  })
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/**
 * Drops a test's database with whatever the test left connected. Not WITH (FORCE): for a role
 * that is neither superuser nor in pg_signal_backend, FORCE fails outright when an autovacuum
 * worker is in the database (it runs as no role, so "must be a member of the role whose process
 * is being terminated"). A plain DROP cancels autovacuum itself and waits up to 5 s for the
 * sessions ended here to go.
 */
export async function dropDatabase (admin: pg.Client, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND usename = current_user AND pid <> pg_backend_pid()',
      [name])
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`)
      return
    } catch (err) {
      // 55006: someone connected again, or was slower than 5 s to go.
      if ((err as { code?: string }).code !== '55006' || attempt === 3) throw err
    }
  }
}
