// The SQL grader's comparison, fed by real PostgreSQL results (the test database): what a
// task's rules accept, what they refuse, and what the learner is told.
import pg from 'pg'
import t from 'tap'
import { compareResults, type QueryResult } from '@backlab/grader/sql'
import { isolatedConfig } from '../../helpers/test-config.js'

const config = await isolatedConfig(t)
// Every value as PostgreSQL's text, as the grader reads them.
const client = new pg.Client({ connectionString: config.DATABASE_URL, types: { getTypeParser: () => (v: string) => v } })
await client.connect()
t.teardown(async () => { await client.end() })
await client.query(`
  CREATE TABLE p (id int, name text, category text, price numeric(8,2), score float8);
  INSERT INTO p VALUES (1, 'Pen', 'office', 1.50, 0.1), (2, 'Lamp', 'office', 20.00, 0.2),
    (3, 'Ink', NULL, 1.50, 0.3), (4, 'Desk', 'Furniture', 120.00, NULL);`)

async function run (sql: string): Promise<QueryResult> {
  const result = await client.query({ text: sql, rowMode: 'array' })
  return { fields: result.fields.map((f) => ({ name: f.name, typeId: f.dataTypeID })), rows: result.rows as Array<Array<string | null>> }
}

t.test('any order passes when the task asks for none; the asked order is checked, ties free', async (t) => {
  const expected = await run('SELECT name, price FROM p ORDER BY price')
  t.ok(compareResults(expected, await run('SELECT name, price FROM p ORDER BY id DESC')).ok, 'no order asked: any order')
  // Pen and Ink tie on 1.50: either may come first.
  t.ok(compareResults(expected, await run('SELECT name, price FROM p ORDER BY price, name'), { orderBy: ['price'] }).ok, 'ties in any order')
  const wrong = compareResults(expected, await run('SELECT name, price FROM p ORDER BY price DESC'), { orderBy: ['price'] })
  t.equal(wrong.ok, false)
  if (!wrong.ok) {
    t.equal(wrong.problem, 'order')
    t.equal(wrong.position, 0)
    t.match(wrong.message, /row 1 should have price \(column 2\) = 1\.50, yours has 120\.00/)
  }
})

t.test('columns by position ignore names; by name they are required and their order is free', async (t) => {
  const expected = await run('SELECT name, price FROM p')
  t.ok(compareResults(expected, await run('SELECT name AS product, price AS cost FROM p')).ok, 'aliases are the learner\'s choice')
  const extra = compareResults(expected, await run('SELECT name, price, id FROM p'))
  t.match(extra, { ok: false, problem: 'columns', message: /returns 3 columns \(name, price, id\); 2 are expected \(name, price\)/ })
  t.ok(compareResults(expected, await run('SELECT price, name FROM p'), { columns: 'names' }).ok, 'named columns in any order')
  const misnamed = compareResults(expected, await run('SELECT name, price AS cost FROM p'), { columns: 'names' })
  t.match(misnamed, { ok: false, problem: 'columns', message: /missing price; not expected cost/ })
})

t.test('numbers compare by value within the tolerance, and a rounding slip is named', async (t) => {
  const expected = await run('SELECT category, round(avg(price), 2) FROM p GROUP BY category')
  t.ok(compareResults(expected, await run('SELECT category, avg(price)::float8 FROM p GROUP BY category')).ok, 'float 1.5 equals numeric 1.50')
  const unrounded = compareResults(expected, await run("SELECT category, avg(price) + CASE WHEN category = 'office' THEN 0.004 ELSE 0 END FROM p GROUP BY category"))
  t.match(unrounded, { ok: false, problem: 'rows', message: /round to 2 decimal places/ })
  t.ok(compareResults(expected, await run('SELECT category, avg(price) + 0.004 FROM p GROUP BY category'), { tolerance: 0.005 }).ok, 'within a tolerance of 0.005')
  // Rows paired by their other columns, whatever order they come in.
  const average = await run('SELECT name, round(sum(price) / 3, 2) FROM p GROUP BY name ORDER BY name')
  const integers = compareResults(average, await run('SELECT name, sum(price)::int / 3 FROM p GROUP BY name ORDER BY name DESC'))
  t.match(integers, { ok: false, message: /an integer divided by an integer drops the fraction/ })
  const crossed = compareResults(await run('SELECT name FROM p'), await run('SELECT a.name FROM p a, p b'))
  // One column: the cross join only repeats expected rows, which the duplicates hint names (a join among its causes).
  t.match(crossed, { ok: false, message: /Some rows come more often than expected: duplicates from a join, or a missing DISTINCT\?/ })
  t.notMatch(crossed, { message: /join condition/ })
  const pairs = compareResults(await run('SELECT a.name, a.price FROM p a'), await run('SELECT a.name, b.price FROM p a, p b'))
  t.match(pairs, { ok: false, message: /Far more rows than expected, each made of values the expected rows have: is a join condition missing/ })
})

t.test('NULL equals NULL and nothing else; duplicates count unless the task ignores them', async (t) => {
  const expected = await run('SELECT category FROM p WHERE category IS NULL')
  const empty = compareResults(expected, await run("SELECT coalesce(category, '') FROM p WHERE category IS NULL"))
  t.match(empty, { ok: false, problem: 'rows' }, "'' is not NULL")
  t.ok(compareResults(expected, await run('SELECT NULL::text')).ok, 'NULL matches NULL')
  const distinct = await run('SELECT DISTINCT category FROM p WHERE category IS NOT NULL')
  const repeated = await run('SELECT category FROM p WHERE category IS NOT NULL')
  t.match(compareResults(distinct, repeated), { ok: false, message: /more often than expected/ })
  t.ok(compareResults(distinct, repeated, { duplicates: 'ignore' }).ok, 'as sets')
})

t.test('text case, and a type from another family', async (t) => {
  const expected = await run("SELECT 'office'::text")
  t.equal(compareResults(expected, await run("SELECT 'Office'::text")).ok, false, 'case matters by default')
  t.ok(compareResults(expected, await run("SELECT 'Office'::text"), { textCase: 'ignore' }).ok, 'unless the task ignores it')
  const money = compareResults(await run('SELECT price FROM p WHERE id = 1'), await run("SELECT to_char(price, 'FM990.00') FROM p WHERE id = 1"))
  t.match(money, { ok: false, problem: 'types', message: /text in your result, but numeric is expected: did you format the number/ })
  t.ok(compareResults(await run('SELECT count(*) FROM p'), await run('SELECT 4::numeric')).ok, 'bigint 4 equals numeric 4')
})

t.test('exact numbers compare exactly, floats with a hair, and equal text forms stay equal', async (t) => {
  t.equal(compareResults(await run('SELECT 12345678.90::numeric'), await run('SELECT 12345678.91::numeric')).ok, false, 'numeric: one cent differs')
  t.equal(compareResults(await run('SELECT 12345678901234567::bigint'), await run('SELECT 12345678901234568::bigint')).ok, false, 'bigint beyond 2^53')
  t.ok(compareResults(await run('SELECT 0.30::numeric'), await run('SELECT 0.1::float8 + 0.2::float8')).ok, 'float noise')
  t.ok(compareResults(await run("SELECT 'Infinity'::float8"), await run("SELECT 'Infinity'::float8")).ok, 'Infinity')
  t.ok(compareResults(await run("SELECT 'ab'::char(4)"), await run("SELECT 'ab'::text")).ok, 'char(n) padding')
  t.ok(compareResults(await run('SELECT \'{"a": 1, "b": [1, 2]}\'::jsonb'), await run('SELECT \'{"b":[1,2],"a":1}\'::json')).ok, 'json vs jsonb')
  t.match(compareResults(await run("SELECT '2024-01-01 10:00'::timestamp"), await run("SELECT '2024-01-01 10:00+00'::timestamptz")), { ok: false, problem: 'types' })
})

t.test('alphabetical order: PostgreSQL\'s C order and its en-US (ICU) order both pass; NULLs as PostgreSQL places them', async (t) => {
  await client.query(`CREATE TABLE names (name text, score int);
    INSERT INTO names VALUES ('Zoe', 1), ('adam', 2), ('Émile', 3), ('bob', 4), ('Bob', 5), ('ab c', 6), ('abb', 7), (NULL, 8)`)
  const icu = await client.query("SELECT 1 FROM pg_collation WHERE collname = 'en-US-x-icu'")
  const expected = await run('SELECT name FROM names ORDER BY name COLLATE "C"')
  t.ok(compareResults(expected, await run('SELECT name FROM names ORDER BY name COLLATE "C"'), { orderBy: ['name'] }).ok)
  if (icu.rowCount === 1) {
    const local = await run('SELECT name FROM names ORDER BY name COLLATE "en-US-x-icu"')
    t.notSame(local.rows, expected.rows, 'the two orders differ on these names')
    t.ok(compareResults(expected, local, { orderBy: ['name'] }).ok, 'en-US passes')
    t.ok(compareResults(await run('SELECT name FROM names ORDER BY name COLLATE "C" DESC'), await run('SELECT name FROM names ORDER BY name COLLATE "en-US-x-icu" DESC'), { orderBy: ['name'] }).ok, 'descending too')
  }
  const byScore = compareResults(expected, await run('SELECT name FROM names ORDER BY score'), { orderBy: ['name'] })
  t.match(byScore, { ok: false, problem: 'order' })
  // NULLS FIRST where PostgreSQL's default (last, ascending) is expected: the NULL rule is named.
  const nullsFirst = compareResults(expected, await run('SELECT name FROM names ORDER BY name COLLATE "C" NULLS FIRST'), { orderBy: ['name'] })
  t.match(nullsFirst, { ok: false, problem: 'order', hints: ['nulls-order'], message: /PostgreSQL puts NULLs last in an ascending sort and NULLs first in a descending one.*The expected order has NULL name last/ })
})
