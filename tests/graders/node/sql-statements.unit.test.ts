// Splitting a learner's file the way PostgreSQL parses it, and pointing at errors in it.
import t from 'tap'
import { describeError, formatTable, isBlank, loadParser, splitStatements } from '@backlab/grader/sql'

await loadParser()

t.test('statements split where PostgreSQL splits them, not at every semicolon', async (t) => {
  const sql = [
    "-- the café's transfer",
    'BEGIN;',
    "UPDATE a SET note = 'x;y' WHERE id = 1; /* ; */",
    'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;',
    'COMMIT'
  ].join('\n')
  const split = splitStatements(sql)
  t.notOk(split.parseError)
  t.same(split.statements?.map((s) => s.kind), ['TransactionStmt', 'UpdateStmt', 'CreateFunctionStmt', 'TransactionStmt'])
  const update = split.statements?.[1]
  // Offsets count characters (é is two bytes), so an error position maps back into the file.
  t.equal(sql.slice(update?.offset, (update?.offset ?? 0) + (update?.text.length ?? 0)), update?.text, 'offset in characters')
  t.match(update?.text, /^\s*UPDATE a SET note = 'x;y' WHERE id = 1$/)
})

t.test('comments and blank lines are no statement; invalid SQL reports where', async (t) => {
  t.ok(isBlank('-- write your query here\n\n/* later */\n'))
  t.notOk(isBlank('SELECT 1'))
  const bad = splitStatements('SELECT *\nFORM products')
  t.match(bad, { parseError: { message: /syntax error at or near "FORM"/, position: 10 } })
})

t.test('an error is shown as psql shows it, with the line it points at', async (t) => {
  const sql = 'SELECT name\nFROM products\nWHERE prce < 10'
  const text = describeError({ message: 'column "prce" does not exist', code: '42703', position: '33', hint: 'Perhaps you meant "price".' }, sql, { file: '02-x.sql' })
  t.equal(text, [
    'ERROR:  column "prce" does not exist (SQLSTATE 42703)',
    'LINE 3: WHERE prce < 10',
    '              ^',
    '(02-x.sql, line 3, column 7)',
    'HINT:  Perhaps you meant "price".'
  ].join('\n'))
})

t.test('tables say NULL and empty text apart and cut long results', async (t) => {
  const table = formatTable(['name', 'category'], [['Pen', null], ['Ink', ''], ['Lamp', 'office']], { limit: 2 })
  t.equal(table, [
    ' name | category',
    '------+----------',
    ' Pen  | NULL',
    " Ink  | ''",
    '(2 of 3 rows shown)'
  ].join('\n'))
})
