// Splits a learner's file into statements with PostgreSQL's own parser (libpg-query), so that a
// script runs the way `psql -f` runs it: one statement at a time, each committed on its own
// unless the script opens a transaction, and an error does not stop the next statement.
import libpgQuery from 'libpg-query'

let loaded

/**
 * Loads the parser (WebAssembly, some 60 ms); splitStatements needs it done. One statement is
 * parsed at once: V8 compiles WebAssembly lazily, and the first parse costs some 40 ms more than
 * any after it, which a warm pod spends before its submission arrives.
 */
export function loadParser() {
  loaded ??= libpgQuery.loadModule().then(() => { libpgQuery.parseSync('SELECT 1') })
  return loaded
}

/**
 * `{ statements: [{ text, offset, kind }] }`, or `{ parseError: { message, position } }` when the
 * file is not valid SQL. Offsets count characters from the start of the file (the parser's
 * count bytes); a statement's text starts with the whitespace or comments before it, so
 * PostgreSQL's position in it plus its offset is a position in the file. `kind` is the parse node, e.g. SelectStmt or UpdateStmt.
 */
export function splitStatements(sql) {
  if (loaded === undefined) throw new Error('splitStatements needs `await loadParser()` first')
  let tree
  try {
    tree = libpgQuery.parseSync(sql)
  } catch (err) {
    const bytePosition = err.sqlDetails?.cursorPosition
    return {
      parseError: {
        message: err.message,
        // libpg-query counts from 0; PostgreSQL's positions, which feedback uses, from 1.
        ...(typeof bytePosition === 'number' && { position: charIndex(sql, bytePosition) + 1 }),
      },
    }
  }
  const bytes = Buffer.from(sql, 'utf8')
  const statements = (tree.stmts ?? []).map(entry => {
    const start = entry.stmt_location ?? 0
    const end = entry.stmt_len ? start + entry.stmt_len : bytes.length
    return {
      text: bytes.subarray(start, end).toString('utf8'),
      offset: charIndex(sql, start),
      kind: Object.keys(entry.stmt ?? {})[0] ?? 'unknown',
    }
  })
  return { statements }
}

/** True when the file holds nothing but whitespace and comments. */
export function isBlank(sql) {
  const split = splitStatements(sql)
  return split.parseError === undefined && split.statements.length === 0
}

function charIndex(sql, byteOffset) {
  return Buffer.from(sql, 'utf8').subarray(0, byteOffset).toString('utf8').length
}

/** What a parse node is called in a sentence: "an UPDATE", "a CREATE TABLE". */
export function describeKind(kind) {
  const words = {
    SelectStmt: 'a SELECT',
    InsertStmt: 'an INSERT',
    UpdateStmt: 'an UPDATE',
    DeleteStmt: 'a DELETE',
    CreateStmt: 'a CREATE TABLE',
    IndexStmt: 'a CREATE INDEX',
    DropStmt: 'a DROP',
    TransactionStmt: 'a transaction command',
    ExplainStmt: 'an EXPLAIN',
    VariableSetStmt: 'a SET',
  }
  return words[kind] ?? `a ${kind.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase()} statement`
}
