// The SQL grader's hints: each one is given only when the rows at hand show its condition, so
// every hint is tested firing on rows that show it, and staying silent on rows that do not (the
// examiner's false hints among them). Results are written by hand as PostgreSQL's text; no
// database needed.
import t from 'tap'
import { compareResults, comparesWithNull, HINTS, loadParser, memoryHint, notInSubquery, slowQueryHint, sqlHints, type Comparison, type QueryResult } from '@backlab/grader/sql'

await loadParser()

const TEXT = 25
const NUMERIC = 1700
const INT = 23
const BIGINT = 20
const FLOAT = 701
type Cell = string | null

function result (columns: Array<[string, number]>, rows: Cell[][]): QueryResult {
  return { fields: columns.map(([name, typeId]) => ({ name, typeId })), rows }
}

function hints (verdict: Comparison): string[] {
  return verdict.ok ? [] : verdict.hints ?? []
}

const averages = result([['category', TEXT], ['avg', NUMERIC]], [['desk', '2.50'], ['office', '3.33'], ['paper', '1.00']])
const learnerAverages = (typeId: number, values: Cell[]): QueryResult =>
  result([['category', TEXT], ['avg', typeId]], [['desk', values[0] ?? null], ['office', values[1] ?? null], ['paper', values[2] ?? null]])

t.test('every hint id the tests below use is one the library declares', async (t) => {
  for (const id of ['integer-division', 'truncated', 'rounded-whole', 'whole', 'unrounded', 'cut-last-place', 'null-vs-empty', 'empty-missing',
    'empty-extra', 'nulls-first', 'nulls-last', 'multiplied', 'duplicates', 'same-count', 'nulls-order', 'not-sorted', 'reversed', 'tie-break',
    'formatted-number', 'swapped', 'names-as']) t.ok(HINTS.includes(id), id)
})

t.test('integer division: only when the fraction is cut toward zero in an integer column', async (t) => {
  const division = compareResults(averages, learnerAverages(INT, ['2', '3', '1']))
  t.same(hints(division), ['integer-division'])
  t.match(division, { message: /Values such as 2 where 2\.50 is expected: an integer divided by an integer drops the fraction in PostgreSQL \(your column is integer\)/ })
  t.same(hints(compareResults(averages, learnerAverages(BIGINT, ['2', '3', '1']))), ['integer-division'], 'bigint too')
  // Integer division, then ROUND(…, 2): whole values written with decimals.
  t.same(hints(compareResults(averages, learnerAverages(NUMERIC, ['2.00', '3.00', '1.00']))), ['integer-division'])

  // TRUNC(x) where ROUND(x, 2) is asked: numeric, cut: named as a cut, not as integer division.
  const trunc = compareResults(averages, learnerAverages(NUMERIC, ['2', '3', '1']))
  t.same(hints(trunc), ['truncated'])
  t.notMatch(trunc, { message: /integer divided by an integer drops the fraction in PostgreSQL \(/ })
  t.match(trunc, { message: /cut off, as TRUNC\(x\) and FLOOR\(x\) do/ })
  // TRUNC(x, 2) where ROUND(x, 2) is asked (3.335 → 3.33, 2.495 → 2.49): one less in the last place.
  const cut = compareResults(result([['c', TEXT], ['v', NUMERIC]], [['a', '2.50'], ['b', '3.34']]), result([['c', TEXT], ['v', NUMERIC]], [['a', '2.49'], ['b', '3.33']]))
  t.same(hints(cut), ['cut-last-place'])
  t.match(cut, { message: /TRUNC\(x, 2\)\) where it is rounded \(ROUND\(x, 2\)\)/ })
  // ROUND(x) with no places: rounded, not cut.
  const whole = compareResults(averages, learnerAverages(NUMERIC, ['3', '3', '1']))
  t.same(hints(whole), ['rounded-whole'])
  t.match(whole, { message: /rounded to a whole number; round to 2 decimal places/ })
  // A cast to integer rounds (2.50 → 3): not integer division although the column is integer.
  t.same(hints(compareResults(averages, learnerAverages(INT, ['3', '3', '1']))), ['rounded-whole'])
  // 2.35 → 2 fits cutting and rounding alike: the hint says what both do.
  const either = compareResults(result([['c', TEXT], ['v', NUMERIC]], [['a', '2.35']]), result([['c', TEXT], ['v', INT]], [['a', '2']]))
  t.same(hints(either), ['whole'])
  t.match(either, { message: /An integer divided by an integer drops the fraction in PostgreSQL, and a cast to integer rounds it away/ })

  // Pairs that disagree with each other, or values that are simply other numbers: no slip named
  // (same-count only says that as many rows differ on each side).
  t.same(hints(compareResults(averages, learnerAverages(INT, ['2', '4', '1']))), ['same-count'], 'one cut, one rounded up: no single slip fits')
  t.same(hints(compareResults(averages, learnerAverages(NUMERIC, ['7.25', '3.33', '1.00']))), ['same-count'], 'another number')
  t.same(hints(compareResults(averages, learnerAverages(NUMERIC, ['2.51', '3.33', '1.00']))), ['same-count'], 'one more in the last place is no cut')
})

t.test('rounding: only when the value rounds to the expected one, and the expected one is rounded', async (t) => {
  const unrounded = compareResults(averages, learnerAverages(NUMERIC, ['2.4961', '3.3333333333333333', '1.00']))
  t.same(hints(unrounded), ['unrounded'])
  t.match(unrounded, { message: /Values such as 2\.4961 where 2\.50 is expected: round to 2 decimal places as the task asks \(ROUND\(x, 2\)\)/ })
  // Half away from zero, as PostgreSQL rounds numeric: 2.495 rounds to 2.50.
  t.same(hints(compareResults(averages, learnerAverages(NUMERIC, ['2.495', '3.33', '1.00']))), ['unrounded'])
  t.same(hints(compareResults(averages, learnerAverages(NUMERIC, ['2.4949', '3.33', '1.00']))), ['same-count'], '2.4949 does not round to 2.50')
  // The reference's own value unrounded (avg's 16 decimals): nothing was asked to be rounded.
  const raw = result([['c', TEXT], ['v', NUMERIC]], [['a', '2.5000000000000000']])
  t.same(hints(compareResults(raw, result([['c', TEXT], ['v', NUMERIC]], [['a', '2.50000000000000001']]))), ['same-count'])
  // Rows are paired by their other columns: a different category is no rounding slip.
  t.same(hints(compareResults(averages, result([['category', TEXT], ['avg', NUMERIC]], [['desk', '2.50'], ['office', '3.33'], ['pens', '1.004']]))), ['same-count'])
})

t.test('a join condition missing: only when the rows are combinations of the expected values', async (t) => {
  const expected = result([['name', TEXT], ['dept', TEXT]], [['Ana', 'sales'], ['Bo', 'ops']])
  const crossed = compareResults(expected, result([['name', TEXT], ['dept', TEXT]], [['Ana', 'sales'], ['Ana', 'ops'], ['Bo', 'sales'], ['Bo', 'ops']]))
  t.same(hints(crossed), ['multiplied'])
  t.match(crossed, { message: /is a join condition missing, or a join multiplying rows\?/ })
  // Empty departments averaged as 0 (a LEFT JOIN with coalesce): new rows with new values, no multiplication.
  const avg = result([['dept', TEXT], ['avg', NUMERIC]], [['sales', '10.00'], ['ops', '20.00']])
  const empties = compareResults(avg, result([['dept', TEXT], ['avg', NUMERIC]], [['sales', '10.00'], ['ops', '20.00'], ['legal', '0'], ['hr', '0']]))
  t.equal(empties.ok, false)
  t.same(hints(empties), [])
  t.notMatch(empties, { message: /join condition/ })
  // Every expected row twice (a missing DISTINCT on one table): duplicates, not a join.
  const doubled = compareResults(expected, result([['name', TEXT], ['dept', TEXT]], [['Ana', 'sales'], ['Bo', 'ops'], ['Ana', 'sales'], ['Bo', 'ops']]))
  t.same(hints(doubled), ['duplicates'])
  t.notMatch(doubled, { message: /join condition/ })
  // Fewer than twice the rows, or expected rows missing: no multiplication shown.
  t.same(hints(compareResults(expected, result([['name', TEXT], ['dept', TEXT]], [['Ana', 'sales'], ['Bo', 'ops'], ['Bo', 'sales']]))), [])
})

t.test('duplicates: only when an extra row repeats an expected one; a table gets no query advice', async (t) => {
  const expected = result([['category', TEXT]], [['desk'], ['office']])
  const twice = compareResults(expected, result([['category', TEXT]], [['desk'], ['office'], ['office']]))
  t.same(hints(twice), ['duplicates'])
  t.match(twice, { message: /more often than expected: duplicates from a join, or a missing DISTINCT\?/ })
  t.same(hints(compareResults(expected, result([['category', TEXT]], [['desk'], ['office'], ['paper']]))), [], 'a new row is no duplicate')
  const table = compareResults(expected, result([['category', TEXT]], [['desk'], ['office'], ['office']]), { columns: 'names', subject: 'table' })
  t.match(table, { message: /Some rows are there more often than expected\.$/ })
  t.notMatch(table, { message: /DISTINCT|join/ })
})

t.test("NULL and '': a hint about either only when the differing rows hold it", async (t) => {
  // Task: categories, each once; '' is a category. The learner's bug is the empty-string category.
  const categories = result([['category', TEXT]], [[''], ['desk'], ['office']])
  const droppedEmpty = compareResults(categories, result([['category', TEXT]], [['desk'], ['office']]))
  t.same(hints(droppedEmpty), ['empty-missing'])
  t.match(droppedEmpty, { message: /The missing row has an empty category \(''\), and none of yours has: an empty text is a value, not NULL\./ })
  t.notMatch(droppedEmpty, { message: /IS NULL|= NULL/ }, 'no NULL advice: no NULL in these rows')

  const coalesced = compareResults(result([['name', TEXT], ['category', TEXT]], [['Ink', null]]), result([['name', TEXT], ['category', TEXT]], [['Ink', '']]))
  t.same(hints(coalesced), ['null-vs-empty'])
  t.match(coalesced, { message: /Where category is NULL in the expected rows, yours has '' \(an empty text\)/ })
  const nullified = compareResults(result([['name', TEXT], ['category', TEXT]], [['Ink', '']]), result([['name', TEXT], ['category', TEXT]], [['Ink', null]]))
  t.same(hints(nullified), ['null-vs-empty'])

  const keptEmpty = compareResults(result([['category', TEXT]], [['desk']]), result([['category', TEXT]], [['desk'], ['']]))
  t.same(hints(keptEmpty), ['empty-extra'])
  // '' among the rows on both sides: the difference is elsewhere.
  t.same(hints(compareResults(categories, result([['category', TEXT]], [[''], ['desk'], ['paper']]))), ['same-count'])
})

t.test('= NULL: named only when it is in the query itself and expected rows are missing', async (t) => {
  t.ok(comparesWithNull('SELECT id FROM products WHERE category = NULL'))
  t.ok(comparesWithNull('SELECT id FROM products WHERE NULL <> category'))
  t.ok(comparesWithNull('SELECT id FROM products WHERE category != NULL'))
  t.notOk(comparesWithNull("SELECT id FROM products WHERE category IS NULL -- not category = NULL\n AND name <> '= NULL'"), 'comments and strings')
  t.notOk(comparesWithNull('SELECT id FROM products WHERE category IS DISTINCT FROM NULL'))
  const expected = result([['id', INT]], [['3'], ['4']])
  const none = compareResults(expected, result([['id', INT]], []))
  t.match(sqlHints('SELECT id FROM products WHERE category = NULL', none), /never true; test for missing values with IS NULL/)
  // The same query text, but the rows show no effect of it (rows too many, not missing): silent.
  const more = compareResults(expected, result([['id', INT]], [['3'], ['4'], ['5']]))
  t.equal(sqlHints('SELECT id FROM products WHERE category = NULL OR id > 2', more), '')
  t.equal(sqlHints("SELECT id FROM products WHERE category = ''", none), '', 'the empty-string bug gets no NULL note')
})

t.test('NOT IN with a subquery: named only when it is in the query and the result came back empty', async (t) => {
  const sql = 'SELECT name FROM users WHERE id NOT IN (SELECT user_id FROM orders)'
  t.ok(notInSubquery(sql))
  t.notOk(notInSubquery('SELECT name FROM users u WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)'))
  t.notOk(notInSubquery('SELECT name FROM users WHERE id NOT IN (1, 2) -- NOT IN (SELECT'), 'a list, and a comment')
  const expected = result([['name', TEXT]], [['Ana'], ['Bo']])
  const empty = compareResults(expected, result([['name', TEXT]], []))
  t.match(sqlHints(sql, empty, 0), /NOT IN \(SELECT …\) is never true when the subquery returns a NULL/)
  // Rows came back: the NULL in the subquery cannot be what is wrong.
  const some = compareResults(expected, result([['name', TEXT]], [['Ana']]))
  t.equal(sqlHints(sql, some, 1), '')
  t.equal(sqlHints('SELECT name FROM users WHERE id > 100', empty, 0), '', 'empty for another reason')
})

t.test('NULLs sorted first: only when the NULLs the expected rows lack lead a descending result', async (t) => {
  const top = result([['name', TEXT], ['price', NUMERIC]], [['Desk', '120.00'], ['Lamp', '20.00'], ['Pen', '1.50']])
  const nullsFirst = compareResults(top, result([['name', TEXT], ['price', NUMERIC]], [['Gift card', null], ['Desk', '120.00'], ['Lamp', '20.00']]), { orderBy: ['price', 'name'] })
  t.same(hints(nullsFirst), ['nulls-first'])
  t.match(nullsFirst, { message: /Your first row has price NULL, which no expected row has: in a descending sort PostgreSQL puts NULLs first/ })
  // The same bug in ascending order: NULLs come last, and the hint says so.
  const cheap = result([['name', TEXT], ['price', NUMERIC]], [['Pen', '1.50'], ['Lamp', '20.00']])
  t.same(hints(compareResults(cheap, result([['name', TEXT], ['price', NUMERIC]], [['Pen', '1.50'], ['Lamp', '20.00'], ['Gift card', null]]), { orderBy: ['price'] })), ['nulls-last'])
  // No NULL in the compared column: no word about NULLs (the examiner's false hint).
  const wrongTie = compareResults(top, result([['name', TEXT], ['price', NUMERIC]], [['Desk', '120.00'], ['Lamp', '20.00'], ['Pad', '1.50']]), { orderBy: ['price', 'name'] })
  t.equal(wrongTie.ok, false)
  t.notMatch(wrongTie, { message: /NULL/ })
  // No order asked: nothing about sorting.
  t.same(hints(compareResults(top, result([['name', TEXT], ['price', NUMERIC]], [['Gift card', null], ['Desk', '120.00'], ['Lamp', '20.00']]))), ['same-count'])
  // NULLs the expected rows have too: the NULLs are not what differs.
  const withNull = result([['name', TEXT], ['price', NUMERIC]], [['Card', null], ['Desk', '120.00'], ['Lamp', '20.00']])
  t.same(hints(compareResults(withNull, result([['name', TEXT], ['price', NUMERIC]], [['Gift card', null], ['Desk', '120.00'], ['Lamp', '20.00']]), { orderBy: ['price', 'name'] })), ['same-count'])
})

t.test('order: the NULL rule, a missing ORDER BY, the other direction and the tie-break, each on its evidence', async (t) => {
  const list = result([['name', TEXT], ['price', NUMERIC]], [['Pen', '1.50'], ['Ink', '2.00'], ['Lamp', '20.00'], ['Desk', null]])
  const rows = (...names: string[]): QueryResult => result([['name', TEXT], ['price', NUMERIC]], names.map((n) => list.rows.find((r) => r[0] === n) as Cell[]))
  const nullsFirst = compareResults(list, rows('Desk', 'Pen', 'Ink', 'Lamp'), { orderBy: ['price'] })
  t.same(hints(nullsFirst), ['nulls-order'])
  t.match(nullsFirst, { message: /PostgreSQL puts NULLs last in an ascending sort and NULLs first in a descending one, unless the ORDER BY says NULLS FIRST or NULLS LAST\. The expected order has NULL price last\./ })
  const reversed = compareResults(list, rows('Lamp', 'Ink', 'Pen', 'Desk'), { orderBy: ['price'] })
  t.same(hints(reversed), ['reversed'])
  t.match(reversed, { message: /sorted by price the other way: descending where ascending is asked \(ASC\)/ })
  t.notMatch(reversed, { message: /NULL/ }, 'no NULL differs at the first row out of order')
  const unsorted = compareResults(list, rows('Ink', 'Pen', 'Lamp', 'Desk'), { orderBy: ['price'] })
  t.same(hints(unsorted), ['not-sorted'])
  t.match(unsorted, { message: /not sorted by price in either direction\. Is ORDER BY missing\?/ })
  // An ORDER BY on another column: the hint says so, and does not ask whether ORDER BY is missing.
  const priced = result([['name', TEXT], ['price', NUMERIC]], [['Pen', '1.50'], ['Ink', '2.00'], ['Lamp', '20.00']])
  const byName = compareResults(priced, result([['name', TEXT], ['price', NUMERIC]], [['Ink', '2.00'], ['Lamp', '20.00'], ['Pen', '1.50']]), { orderBy: ['price'] })
  t.same(hints(byName), ['not-sorted'])
  t.match(byName, { message: /not sorted by price in either direction, but by name: does your ORDER BY name price first\?/ })
  t.notMatch(byName, { message: /ORDER BY missing/ })

  const ranked = result([['category', TEXT], ['revenue', NUMERIC]], [['desk', '300.00'], ['office', '250.00'], ['paper', '250.00'], ['pens', '10.00']])
  const tie = compareResults(ranked, result([['category', TEXT], ['revenue', NUMERIC]], [['desk', '300.00'], ['paper', '250.00'], ['office', '250.00'], ['pens', '10.00']]), { orderBy: ['revenue', 'category'] })
  t.same(hints(tie), ['tie-break'])
  t.match(tie, { message: /Rows with the same revenue come by category, ascending\./ })
  t.notMatch(tie, { message: /ORDER BY missing|other way/ })
})

t.test('text order: C or en-US both pass, a mixture or another order does not', async (t) => {
  // The reference's order in the grader's database (collation C): uppercase first.
  const byteOrdered = result([['name', TEXT]], [['Zoe'], ['adam'], ['bob'], ['Émile']])
  t.ok(compareResults(byteOrdered, result([['name', TEXT]], [['adam'], ['bob'], ['Émile'], ['Zoe']]), { orderBy: ['name'] }).ok, 'en-US alphabetical passes')
  t.ok(compareResults(byteOrdered, result([['name', TEXT]], [['Zoe'], ['adam'], ['bob'], ['Émile']]), { orderBy: ['name'] }).ok, 'C passes')
  const mixed = compareResults(byteOrdered, result([['name', TEXT]], [['adam'], ['Zoe'], ['bob'], ['Émile']]), { orderBy: ['name'] })
  t.match(mixed, { ok: false, problem: 'order' }, 'sorted under neither')
  // Descending, and as a tie-break under a number.
  const down = result([['name', TEXT], ['n', INT]], [['b', '2'], ['B', '2'], ['a', '1'], ['A', '1']])
  t.ok(compareResults(down, result([['name', TEXT], ['n', INT]], [['B', '2'], ['b', '2'], ['A', '1'], ['a', '1']]), { orderBy: ['n', 'name'] }).ok, 'en-US descending within each n')
  t.match(compareResults(down, result([['name', TEXT], ['n', INT]], [['B', '2'], ['b', '2'], ['a', '1'], ['A', '1']]), { orderBy: ['n', 'name'] }), { ok: false }, 'one group under each collation is no order')
  // Where the reference does not sort the column one way (ORDER BY lower(name)), only its order passes.
  const lowered = result([['name', TEXT]], [['adam'], ['Bob'], ['carl']])
  t.ok(compareResults(lowered, result([['name', TEXT]], [['adam'], ['Bob'], ['carl']]), { orderBy: ['name'] }).ok)
  t.match(compareResults(lowered, result([['name', TEXT]], [['Bob'], ['adam'], ['carl']]), { orderBy: ['name'] }), { ok: false, problem: 'order' })
  // Numbers are never compared as text.
  const numbers = result([['v', NUMERIC]], [['9'], ['10']])
  t.match(compareResults(numbers, result([['v', NUMERIC]], [['10'], ['9']]), { orderBy: ['v'] }), { ok: false, problem: 'order' })
  t.ok(compareResults(result([['v', FLOAT]], [['-Infinity'], ['1e-05'], ['2'], ['NaN']]), result([['v', FLOAT]], [['-Infinity'], ['1e-05'], ['2'], ['NaN']]), { orderBy: ['v'] }).ok)
})

t.test('types: to_char named only for numbers written as text; swapped columns named as such', async (t) => {
  const expected = result([['name', TEXT], ['price', NUMERIC]], [['Pen', '1.50']])
  const formatted = compareResults(expected, result([['name', TEXT], ['price', TEXT]], [['Pen', '$1.50']]))
  t.same(hints(formatted), ['formatted-number'])
  t.match(formatted, { message: /did you format the number into a string/ })
  const swapped = compareResults(expected, result([['price', NUMERIC], ['name', TEXT]], [['1.50', 'Pen']]))
  t.same(hints(swapped), ['swapped'])
  t.notMatch(swapped, { message: /format the number/ }, "'Pen' is no formatted number")
  t.match(swapped, { message: /are two of them swapped\?/ })
  const words = compareResults(expected, result([['name', TEXT], ['price', TEXT]], [['Pen', 'cheap']]))
  t.same(hints(words), [])
})

t.test('columns by name: AS advised only when a named column is missing and another is there', async (t) => {
  const expected = result([['name', TEXT], ['total', NUMERIC]], [['Pen', '3']])
  const misnamed = compareResults(expected, result([['name', TEXT], ['sum', NUMERIC]], [['Pen', '3']]), { columns: 'names' })
  t.match(misnamed, { message: /Name them with AS/ })
  const short = compareResults(expected, result([['name', TEXT]], [['Pen']]), { columns: 'names' })
  t.match(short, { ok: false, problem: 'columns' })
  t.notMatch(short, { message: /AS/ })
})

t.test('a query that ran too long: causes named only when the query has them', async (t) => {
  t.match(slowQueryHint('SELECT * FROM a CROSS JOIN b'), /a join without a condition/)
  t.match(slowQueryHint('SELECT * FROM a, b'), /a join without a condition/)
  t.match(slowQueryHint('SELECT (SELECT count(*) FROM b WHERE b.x = a.x) FROM a'), /a subquery run once per row/)
  t.equal(slowQueryHint('SELECT * FROM a JOIN b ON a.id = b.a_id'), '')
  t.equal(slowQueryHint('SELECT * FROM a, b WHERE a.id = b.a_id'), '')
  t.equal(slowQueryHint('SELECT pg_sleep(30)'), '')
})

t.test('a query that filled the memory: causes named only when the SQL has them', async (t) => {
  t.match(memoryHint("SELECT string_agg(name, ',') FROM a, b"), /a join without a condition \(every row with every row\) and values built up without bound \(string_agg\)/)
  t.match(memoryHint("SELECT length(repeat(repeat('x', 300000000), 3))"), /values built up without bound \(repeat\)/)
  t.match(memoryHint('WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r'), /a recursive query/)
  t.equal(memoryHint('SELECT name FROM a JOIN b ON a.id = b.a_id'), '')
})
