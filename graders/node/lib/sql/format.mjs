// How SQL results and errors are written into feedback: small psql-style tables and PostgreSQL's
// own error report with the line of the learner's file it points at.

const MAX_CELL = 40
const MAX_COLUMNS = 12
const DEFAULT_ROWS_SHOWN = 10

/**
 * A psql-style table of the first `limit` rows. NULL is written NULL and an empty string '',
 * since psql's blank for both is exactly the confusion feedback must avoid.
 */
export function formatTable(names, rows, { limit = DEFAULT_ROWS_SHOWN, total = rows.length } = {}) {
  if (names.length > MAX_COLUMNS) {
    const more = names.length - MAX_COLUMNS
    return formatTable([...names.slice(0, MAX_COLUMNS), `(${more} more)`], rows.map(row => [...row.slice(0, MAX_COLUMNS), '…']), { limit, total })
  }
  names = names.map(name => cell(name))
  const shown = rows.slice(0, limit).map(row => row.map(cell))
  const widths = names.map((name, i) => Math.max(name.length, ...shown.map(row => row[i].length)))
  const line = values => ` ${values.map((v, i) => v.padEnd(widths[i])).join(' | ')}`.trimEnd()
  const out = [line(names), widths.map(w => '-'.repeat(w + 2)).join('+').replace(/^-/, '-'), ...shown.map(line)]
  if (total > shown.length) out.push(`(${shown.length} of ${total} rows shown)`)
  else out.push(`(${total} row${total === 1 ? '' : 's'})`)
  return out.join('\n')
}

function cell(value) {
  if (value === null) return 'NULL'
  if (value === '') return "''"
  const flat = String(value).replace(/\s+/g, ' ')
  return flat.length > MAX_CELL ? `${flat.slice(0, MAX_CELL - 1)}…` : flat
}

/** The line number (1-based) and column of a 1-based character position in `text`. */
export function lineAndColumn(text, position) {
  const before = text.slice(0, Math.max(0, position - 1))
  const lines = before.split('\n')
  return { line: lines.length, column: lines.at(-1).length + 1 }
}

/** PostgreSQL's error as psql prints it, pointing into `sql` when the error has a position. */
export function describeError(error, sql, { file } = {}) {
  const out = [`ERROR:  ${error.message}${error.code ? ` (SQLSTATE ${error.code})` : ''}`]
  const position = Number(error.position)
  if (position > 0 && sql !== undefined) {
    const { line, column } = lineAndColumn(sql, position)
    const text = sql.split('\n')[line - 1] ?? ''
    const prefix = `LINE ${line}: `
    out.push(`${prefix}${text}`, `${' '.repeat(prefix.length + column - 1)}^`)
    if (file) out.push(`(${file}, line ${line}, column ${column})`)
  }
  if (error.detail) out.push(`DETAIL:  ${error.detail}`)
  if (error.hint) out.push(`HINT:  ${error.hint}`)
  return out.join('\n')
}

/** "at line 3, column 7" for an error with a position, else "". */
export function whereInFile(error, sql) {
  const position = Number(error.position)
  if (!(position > 0)) return ''
  const { line, column } = lineAndColumn(sql, position)
  return ` at line ${line}, column ${column}`
}
