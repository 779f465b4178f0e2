// How a graded SQL task is told to the learner: the TAP result with its diagnostics, the
// learner's file as shown, the line to reproduce it, and a file that cannot run at all.
import { formatTable } from './format.mjs'
import { describeKind, splitStatements } from './statements.mjs'

const MAX_SQL_SHOWN = 3000

/** What a failing or passing task reports: `{ pass }` or `{ message, request?, expected?, actual?, curl? }`. */
export function report(t, outcome) {
  if (outcome.pass) t.pass(outcome.pass)
  else {
    const { message, ...diag } = outcome
    t.fail(clip(message, MAX_MESSAGE), { at: null, ...Object.fromEntries(Object.entries(diag).filter(([, v]) => v !== undefined).map(([k, v]) => [k, clip(v, MAX_FIELD)])) })
  }
}

/** Feedback is read by people and must stay far below the grader's output cap (1 MB). */
const MAX_MESSAGE = 1500
const MAX_FIELD = 3500

function clip(text, max) {
  return typeof text === 'string' && text.length > max ? `${text.slice(0, max - 12)}… (cut)` : text
}

/** A file the task cannot run at all: missing, blank, or not the kind of statement it takes. */
export function unusable(task) {
  if (task.sql === undefined) {
    return { message: `You did not submit ${task.file}, so this task was not graded.` }
  }
  const split = splitStatements(task.sql)
  if (split.parseError) return undefined // PostgreSQL reports it, with its position
  if (split.statements.length === 0) {
    return { message: `${task.file} has no SQL statement yet, only comments or blank lines: write your ${task.kind === 'query' ? 'query' : 'statements'} in it.` }
  }
  if (task.kind === 'query') {
    if (split.statements.length > 1) {
      return {
        message: `${task.file} holds ${split.statements.length} statements; a query task takes exactly one SELECT. Keep only the query that answers the task.`,
        request: shown(task),
      }
    }
    const kind = split.statements[0].kind
    if (kind !== 'SelectStmt') {
      return {
        message: `${task.file} holds ${describeKind(kind)}; this task asks for a query: one SELECT (WITH … SELECT included) that changes nothing.`,
        request: shown(task),
      }
    }
  }
  return undefined
}

export function table(result, { total } = {}) {
  if (result.fields.length === 0) return '(no columns)'
  const text = formatTable(result.fields.map(f => f.name), result.rows)
  return total === undefined ? text : text.replace(/\(\d+ of \d+ rows shown\)$/, `(first rows of ${total})`)
}

export function shown(task) {
  const text = task.sql ?? ''
  return `${task.file}:\n${text.length > MAX_SQL_SHOWN ? `${text.slice(0, MAX_SQL_SHOWN)}\n… (cut)` : text}`
}

/** How to run it against the visible dataset (GET /api/v1/exercises/:slug gives it) at home. */
export function reproduce(task) {
  return `createdb backlab_try && psql -X -q -d backlab_try -f visible.sql && psql -X -d backlab_try -f ${task.file}`
}

/** Mistakes worth naming outright when a query's result is wrong. */
export function sqlHints(sql) {
  if (/(^|[^<>!])(=|<>|!=)\s*NULL\b/i.test(sql)) return ' Note: a comparison with = NULL or <> NULL is never true; test for missing values with IS NULL or IS NOT NULL.'
  return ''
}

export function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

export function seconds(ms) {
  return `${Number((ms / 1000).toFixed(1))} s`
}
