// The per-test database is dropped whatever is still in it: a teardown that throws leaves the
// file's process open until tap times it out, and fails a test that passed (seen in CI).
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import t, { type Test as Tap } from 'tap'
import { loadConfig } from '../../services/platform/config.js'
import { dropDatabase } from './test-config.js'

const adminUrl = loadConfig({ ...process.env, LOG_LEVEL: 'silent' }).DATABASE_URL

async function connect (database?: string): Promise<pg.Client> {
  const url = new URL(adminUrl)
  if (database !== undefined) url.pathname = `/${database}`
  const client = new pg.Client({ connectionString: url.toString() })
  await client.connect()
  return client
}

async function exists (admin: pg.Client, name: string): Promise<boolean> {
  return (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1
}

/** A new database, and an admin connection that drops it afterwards if the test did not. */
async function scratchDatabase (t: Tap): Promise<{ admin: pg.Client, name: string }> {
  const admin = await connect()
  const name = `backlab_test_drop_${randomBytes(6).toString('hex')}`
  await admin.query(`CREATE DATABASE ${name}`)
  t.teardown(async () => {
    try {
      if (await exists(admin, name)) await dropDatabase(admin, name)
    } finally {
      await admin.end()
    }
  })
  return { admin, name }
}

t.test('drops a database that the test left connected, idle or inside a transaction', async (t) => {
  const { admin, name } = await scratchDatabase(t)
  const idle = await connect(name)
  const busy = await connect(name)
  const ended: string[] = []
  for (const client of [idle, busy]) client.on('error', (err: Error & { code?: string }) => { ended.push(err.code ?? err.message) })
  await busy.query('BEGIN')
  await busy.query('CREATE TABLE left_open (a int)')

  await dropDatabase(admin, name)
  t.notOk(await exists(admin, name), 'dropped')
  t.equal(ended.filter((code) => code === '57P01').length, 2, 'both sessions were ended by the drop')
  await Promise.all([idle.end(), busy.end()]).catch(() => {})
})

// What failed in CI: DROP DATABASE ... WITH (FORCE), run by a role that is neither superuser nor
// in pg_signal_backend, refuses to end an autovacuum worker. The launcher visits a new database
// within autovacuum_naptime (1 min by default); the table is vacuumed as slowly as its settings
// allow, so the worker is still there when the drop comes.
t.test('drops a database while autovacuum works in it', async (t) => {
  t.setTimeout(150_000)
  const { admin, name } = await scratchDatabase(t)
  const db = await connect(name)
  db.on('error', () => {})
  await db.query(`CREATE TABLE dead_rows (a int, b text) WITH (
    autovacuum_vacuum_threshold = 0, autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_cost_delay = 100, autovacuum_vacuum_cost_limit = 1)`)
  await db.query("INSERT INTO dead_rows SELECT g, repeat('x', 200) FROM generate_series(1, 20000) g")
  await db.query('DELETE FROM dead_rows WHERE a % 2 = 0')
  await db.end()

  const waitUntil = Date.now() + 120_000
  let workers = 0
  while (workers === 0 && Date.now() < waitUntil) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    // An autovacuum worker runs as no role: its usename is NULL.
    workers = (await admin.query('SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND usename IS NULL', [name])).rowCount ?? 0
  }
  t.ok(workers > 0, 'an autovacuum worker came into the database')

  await dropDatabase(admin, name)
  t.notOk(await exists(admin, name), 'dropped, autovacuum worker and all')
})
