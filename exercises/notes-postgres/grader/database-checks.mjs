// What the grader looks at in the learner's database (through db() from @backlab/grader, a
// connection as role app, the app's own, so code the app plants there gets no other rights): the
// `notes` table the instructions require.
// Every check reports the SQL it ran, so a learner can run the same query with psql.
import { db, preview } from '@backlab/grader'

export const TABLE = 'notes'
export const REQUIRED_COLUMNS = ['id', 'title', 'body']

const NOT_COMMITTED_HINT =
  'Other connections (the grader\'s included) only see a table or a row once the transaction that made it is committed.'

/** Fails `t` about a database check, with the SQL as the request. Returns false. */
export function reportDatabaseFailure(t, { message, sql, params = [], expected, actual }) {
  const shownParams = params.length ? `\n-- with ${params.map((p, i) => `$${i + 1} = ${preview(p, 200)}`).join(', ')}` : ''
  t.fail(message, {
    at: null,
    request: `SQL run by the grader on your app's database:\n${sql}${shownParams}`,
    expected,
    actual,
  })
  return false
}

/** The columns of the notes table (lower-case names), or [] when there is no such table. */
async function columnsOfNotes() {
  const rows = await db().query(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
    [TABLE],
  )
  return rows.map(row => row.column_name)
}

const describeTables = tables => (tables.length ? tables.join(', ') : 'none at all')

/**
 * Passes when the notes table has the required columns, waiting up to `waitMs` for it (an app
 * that starts listening a moment before its CREATE TABLE is done is not wrong).
 */
export async function expectNotesTable(t, { waitMs = 0 } = {}) {
  const sql = `SELECT column_name FROM information_schema.columns\nWHERE table_schema = 'public' AND table_name = 'notes';`
  const expected = `a table named notes (in schema public) with at least the columns ${REQUIRED_COLUMNS.join(', ')}`
  const started = Date.now()
  let columns = await columnsOfNotes()
  while (columns.length === 0 && Date.now() - started < waitMs) {
    await new Promise(resolve => setTimeout(resolve, 100))
    columns = await columnsOfNotes()
  }
  if (columns.length === 0) {
    const tables = await db().tables()
    return reportDatabaseFailure(t, {
      message: `your app's database has no table named notes (its tables: ${describeTables(tables)})`,
      sql,
      expected: `${expected}, created by your app when it starts. ${NOT_COMMITTED_HINT}`,
      actual: `no table named notes; the tables in schema public: ${describeTables(tables)}`,
    })
  }
  const missing = REQUIRED_COLUMNS.filter(name => !columns.includes(name))
  if (missing.length > 0) {
    return reportDatabaseFailure(t, {
      message: `the notes table has no column ${missing.join(', no column ')} (its columns: ${columns.join(', ')})`,
      sql,
      expected,
      actual: `the columns of notes: ${columns.join(', ')}`,
    })
  }
  t.pass('the notes table has the columns id, title and body')
  return true
}

/**
 * Runs a query on the notes table; a missing table or column fails `t` with a readable message
 * instead of throwing. Returns the rows, or undefined after failing `t`.
 */
export async function queryNotes(t, sql, params, { expected }) {
  try {
    return await db().query(sql, params)
  } catch (error) {
    if (error.code === '42P01') {
      const tables = await db().tables()
      reportDatabaseFailure(t, {
        message: `your app's database has no table named notes (its tables: ${describeTables(tables)})`,
        sql,
        params,
        expected: `${expected}. ${NOT_COMMITTED_HINT}`,
        actual: `ERROR: ${error.message}`,
      })
      return undefined
    }
    if (error.code === '42703') {
      reportDatabaseFailure(t, {
        message: `the notes table does not have the columns id, title and body (${error.message})`,
        sql,
        params,
        expected,
        actual: `ERROR: ${error.message}`,
      })
      return undefined
    }
    throw error
  }
}

export const SELECT_NOTE_ROW = 'SELECT id::text AS id, title::text AS title, body::text AS body FROM notes WHERE id::text = $1;'

const describeRow = row => `id ${row.id}, title ${preview(row.title, 200)}, body ${preview(row.body, 200)}`

/**
 * Passes when the notes table has exactly one row with this note's id, title and body. `what`
 * says where the note comes from, for messages ("the note POST /notes created").
 */
export async function expectNoteRow(t, note, { what }) {
  const id = String(note.id)
  const expected = `one row in notes with id ${id}, title ${preview(note.title, 200)} and body ${preview(note.body, 200)} (${what})`
  const rows = await queryNotes(t, SELECT_NOTE_ROW, [id], { expected })
  if (!rows) return false
  if (rows.length !== 1) {
    const others = rows.length === 0 ? await db().query('SELECT count(*)::int AS n FROM notes') : []
    return reportDatabaseFailure(t, {
      message:
        rows.length === 0
          ? `the notes table has no row with id ${id}, expected ${what} to be stored there`
          : `the notes table has ${rows.length} rows with id ${id}, expected exactly one`,
      sql: SELECT_NOTE_ROW,
      params: [id],
      expected: `${expected}. ${NOT_COMMITTED_HINT}`,
      actual: rows.length === 0 ? `no row (the table has ${others[0].n} rows in all)` : rows.map(describeRow).join('\n'),
    })
  }
  const [row] = rows
  for (const field of ['title', 'body']) {
    if (row[field] !== note[field]) {
      return reportDatabaseFailure(t, {
        message: `the row with id ${id} has ${field} ${preview(row[field])}, expected ${preview(note[field])}`,
        sql: SELECT_NOTE_ROW,
        params: [id],
        expected,
        actual: describeRow(row),
      })
    }
  }
  t.pass(`the notes table has the row of ${what}`)
  return true
}
