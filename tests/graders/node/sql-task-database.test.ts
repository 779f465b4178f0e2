// A schema task's checks against a real PostgreSQL (the test database): a statement tried in a
// transaction that is rolled back is judged as COMMIT would judge it, so a constraint checked at
// COMMIT (DEFERRABLE INITIALLY DEFERRED, what Django makes) rejects like an immediate one.
import pg from 'pg'
import t from 'tap'
import { TaskDatabase, type TapLike } from '@backlab/grader/sql'
import { isolatedConfig } from '../../helpers/test-config.js'

const config = await isolatedConfig(t)
// Every value as PostgreSQL's text, as the grader reads them.
const client = new pg.Client({ connectionString: config.DATABASE_URL, types: { getTypeParser: () => (v: string) => v } })
await client.connect()
t.teardown(async () => { await client.end() })

// Two schemas of one shop: keys checked at once, and keys checked at COMMIT (Django's).
await client.query(`
  CREATE SCHEMA immediate;
  CREATE TABLE immediate.customers (id int PRIMARY KEY, email text UNIQUE);
  CREATE TABLE immediate.orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES immediate.customers);
  CREATE SCHEMA deferred;
  CREATE TABLE deferred.customers (id int PRIMARY KEY,
    email text CONSTRAINT customers_email_key UNIQUE DEFERRABLE INITIALLY DEFERRED);
  CREATE TABLE deferred.orders (id int PRIMARY KEY,
    customer_id int NOT NULL REFERENCES deferred.customers DEFERRABLE INITIALLY DEFERRED);
  INSERT INTO immediate.customers VALUES (1, 'ana@example.com');
  INSERT INTO deferred.customers VALUES (1, 'ana@example.com');
  INSERT INTO immediate.orders VALUES (1, 1);
  INSERT INTO deferred.orders VALUES (1, 1);`)

const db = new TaskDatabase(client, { name: 'test', task: { file: '01-schema.sql' }, sql: '', script: { errors: [], openTransaction: false } })

/** A tap-like reporter that records what a check reported. */
function recorder (): TapLike & { passed: string[], failed: string[] } {
  const passed: string[] = []
  const failed: string[] = []
  return { passed, failed, pass: (m: string) => passed.push(m), fail: (m: string) => failed.push(m) }
}

for (const schema of ['immediate', 'deferred']) {
  t.test(`${schema} constraints: rejected bad rows, accepted good ones, nothing kept`, async (t) => {
    await client.query(`SET search_path = ${schema}`)
    const unknown = recorder()
    await db.rejects(unknown, 'An order for customer 999999, who does not exist', 'INSERT INTO orders VALUES (2, 999999)', { code: '23503' })
    t.same(unknown.failed, [], 'a foreign key violation is found')
    t.match(unknown.passed, [/rejected by FOREIGN KEY/])

    const deleting = recorder()
    await db.rejects(deleting, 'Deleting a customer who has an order', 'DELETE FROM customers WHERE id = 1', { code: '23503' })
    t.same(deleting.failed, [])

    const twice = recorder()
    await db.rejects(twice, 'A second customer with the email ana@example.com', "INSERT INTO customers VALUES (2, 'ana@example.com')", { code: '23505' })
    t.same(twice.failed, [], 'a unique violation is found')

    const attempt = await db.attempt('INSERT INTO orders VALUES (3, 999999)')
    t.match(attempt, { error: { code: '23503' } }, 'attempt sees it too')

    const good = recorder()
    await db.accepts(good, 'An order for customer 1', 'INSERT INTO orders VALUES (4, 1)')
    t.same(good.failed, [])
    t.same(await db.query('SELECT count(*) AS n FROM orders'), [{ n: '1' }], 'every attempt was rolled back')
  })
}

t.test('a row that is fine by COMMIT is accepted although a key was briefly unmet', async (t) => {
  await client.query('SET search_path = deferred')
  // The order first, its customer next, in one transaction: a deferred key allows it.
  const later = recorder()
  await db.accepts(later, 'An order, then its customer', "INSERT INTO orders VALUES (5, 7); INSERT INTO customers VALUES (7, 'bo@example.com')")
  t.same(later.failed, [])
  t.same(await db.query('SELECT count(*) AS n FROM customers'), [{ n: '1' }], 'rolled back')
})

t.test('a statement that fails otherwise is told apart from an accepted one', async (t) => {
  await client.query('SET search_path = deferred')
  const accepted = recorder()
  await db.rejects(accepted, 'An order for customer 1', 'INSERT INTO orders VALUES (6, 1)', { code: '23503' })
  t.match(accepted.failed, [/must be rejected by a FOREIGN KEY constraint, but it was accepted/])
  const otherwise = recorder()
  await db.rejects(otherwise, 'An order with text for an id', "INSERT INTO orders VALUES ('x', 1)", { code: '23503' })
  t.match(otherwise.failed, [/but it failed otherwise: invalid input syntax for type integer/])
})

t.test('the catalog reads name pg_catalog\'s functions and operators, whatever the session\'s search_path', async (t) => {
  await client.query(`
    CREATE TABLE public.shelf (id integer PRIMARY KEY, label varchar(20));
    CREATE INDEX shelf_label_idx ON public.shelf (label);
    CREATE SCHEMA shadow;
    CREATE FUNCTION shadow.format_type(oid, integer) RETURNS text LANGUAGE sql AS $$ SELECT 'planted' $$;
    CREATE FUNCTION shadow.pg_get_constraintdef(oid) RETURNS text LANGUAGE sql AS $$ SELECT 'planted' $$;
    CREATE FUNCTION shadow.always(name, name) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
    CREATE OPERATOR shadow.= (LEFTARG = name, RIGHTARG = name, FUNCTION = shadow.always);`)
  // What code the learner's file planted could leave in the session of a check that fired it.
  await client.query('SET search_path = shadow, pg_catalog, public')
  t.teardown(async () => { await client.query('RESET search_path') })
  t.same(await db.columns('shelf'), [
    { name: 'id', type: 'integer', nullable: false, default: null },
    { name: 'label', type: 'character varying(20)', nullable: true, default: null }
  ])
  t.same((await db.constraints('shelf')).map((c) => [c.name, c.definition]), [['shelf_pkey', 'PRIMARY KEY (id)']])
  t.same((await db.indexes('shelf')).map((i) => i.name), ['shelf_label_idx', 'shelf_pkey'])
})
