// The grader library's db() helper, the Postgres sidecar as the grader reads it, against a real
// Postgres. The helpers that need no database are in pod-helpers.unit.test.ts.
import t from 'tap'
import { closeDatabase, db } from '@backlab/grader'
import { isolatedConfig } from '../../helpers/test-config.js'

t.test('db() reads the database the app writes to', async (t) => {
  const config = await isolatedConfig(t)
  const env = { BACKLAB_DATABASE_URL: config.DATABASE_URL }
  t.teardown(closeDatabase)
  await db(env).query('CREATE TABLE notes (id serial PRIMARY KEY, title text)')
  await db(env).query('INSERT INTO notes (title) VALUES ($1)', ["it's"])
  t.same(await db(env).query('SELECT title FROM notes'), [{ title: "it's" }])
  t.same(await db(env).tables(), ['notes'])
  await closeDatabase()
  t.throws(() => db({}), /BACKLAB_DATABASE_URL is not set/)
})

t.test('db() resolves built-ins in pg_catalog, whatever the app did to its database', async (t) => {
  const config = await isolatedConfig(t)
  const env = { BACKLAB_DATABASE_URL: config.DATABASE_URL }
  t.teardown(closeDatabase)
  const database = new URL(config.DATABASE_URL).pathname.slice(1)
  // What a hostile app could do as the owner of its database.
  await db(env).query("CREATE FUNCTION public.lower(text) RETURNS text LANGUAGE sql AS $$ SELECT 'planted' $$")
  await db(env).query(`ALTER DATABASE ${database} SET search_path = public, pg_catalog`)
  await closeDatabase()
  t.same(await db(env).query("SELECT lower('ABC') AS v"), [{ v: 'abc' }], 'the built-in, not the planted function')
  t.same(await db(env).query('SHOW search_path'), [{ search_path: 'public,pg_temp' }])
})

t.test('db() starts every query from the session as it logged in: nothing a statement set reaches the next', async (t) => {
  const config = await isolatedConfig(t)
  const env = { BACKLAB_DATABASE_URL: config.DATABASE_URL }
  t.teardown(closeDatabase)
  await db(env).query('CREATE TABLE notes (title text)')
  await db(env).query("INSERT INTO notes VALUES ('stored by the app')")
  await db(env).query('CREATE SCHEMA hijack')
  await db(env).query("CREATE FUNCTION hijack.lower(text) RETURNS text LANGUAGE sql AS $$ SELECT 'planted' $$")
  // What a trigger the app planted could do in the session of a grader's statement: in both of
  // the pool's sessions at once (the sleep keeps the first busy while the second is taken).
  const hijack = "SELECT set_config('search_path', 'hijack, pg_catalog, public', false), set_config('statement_timeout', '0', false), pg_sleep(0.2)"
  await Promise.all([db(env).query(hijack), db(env).query(hijack)])
  await Promise.all([db(env).query('CREATE TEMP TABLE notes (title text)'), db(env).query('CREATE TEMP TABLE notes (title text)')])
  for (let i = 0; i < 3; i++) {
    t.same(await db(env).query("SELECT lower('ABC') AS v"), [{ v: 'abc' }], 'the built-in, not the function the session was pointed to')
    t.same(await db(env).query('SELECT title FROM notes'), [{ title: 'stored by the app' }], 'the app\'s table, not a temporary one')
    t.same(await db(env).query('SHOW statement_timeout'), [{ statement_timeout: '5s' }])
  }
})

t.test('db() stops reading a result far larger than any the grader asks for, and goes on', async (t) => {
  const config = await isolatedConfig(t)
  const env = { BACKLAB_DATABASE_URL: config.DATABASE_URL }
  t.teardown(closeDatabase)
  // What a view of the app's could answer to the grader's query: a megabyte per row, many rows.
  await t.rejects(db(env).query("SELECT g AS id, repeat('x', 1000000) AS title FROM generate_series(1, 2000) g"),
    /the result of the grader's query on your app's database is larger than 16 MB/)
  t.same(await db(env).query('SELECT 1 AS one'), [{ one: 1 }], 'the next query gets a working session')
  t.equal((await db(env).query("SELECT repeat('y', 100000) AS v FROM generate_series(1, 100)")).length, 100, '10 MB is read whole')
})

t.test('db() reports a session the server ended during a query as that query\'s error, and goes on', async (t) => {
  const config = await isolatedConfig(t)
  const env = { BACKLAB_DATABASE_URL: config.DATABASE_URL }
  t.teardown(closeDatabase)
  // The app's code can end the grader's session: it logs in as the same role.
  await t.rejects(db(env).query('SELECT pg_terminate_backend(pg_backend_pid())'), /terminat/)
  t.same(await db(env).query('SELECT 1 AS one'), [{ one: 1 }], 'the next query gets a working session')
})
