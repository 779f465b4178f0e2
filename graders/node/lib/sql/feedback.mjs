// How a graded SQL task is told to the learner: the TAP result with its diagnostics, the
// learner's file as shown, the line to reproduce it, and a file that cannot run at all.
import { formatTable } from './format.mjs'
import libpgQuery from 'libpg-query'
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

/** A generated dataset's SQL is shown whole up to this size (feedback fields are cut at MAX_FIELD). */
export const MAX_GENERATED_SHOWN = 3000

/**
 * How to run the task against a generated dataset: its SQL, deterministic from the seed, is the
 * reproduction (the generator itself is never served). A dataset too long to show is cut at a
 * line, saying so.
 */
export function reproduceGenerated(task, dataset) {
  const file = `${dataset.name}.sql`
  const head = [
    `-- Generated dataset ${dataset.number} (seed ${dataset.seed}). Save this text as ${file}, then:`,
    `--   createdb backlab_try && psql -X -q -d backlab_try -f ${file} && psql -X -d backlab_try -f ${task.file}`,
  ].join('\n')
  const sql = dataset.sql.trim()
  if (sql.length <= MAX_GENERATED_SHOWN) return `${head}\n${sql}`
  const lines = sql.split('\n')
  const kept = []
  let size = 0
  for (const line of lines) {
    if (size + line.length + 1 > MAX_GENERATED_SHOWN) break
    kept.push(line)
    size += line.length + 1
  }
  return `${head}\n${kept.join('\n')}\n-- … (cut: ${lines.length - kept.length} more lines of ${lines.length})`
}

/**
 * Mistakes in the query's text worth naming outright, when the result shows their effect (both
 * found in PostgreSQL's parse tree, so never in a comment or a string):
 * - `x = NULL` or `x <> NULL` (never true), when expected rows are missing;
 * - `x NOT IN (SELECT …)` (never true once the subquery returns a NULL), when the result is
 *   empty and rows are expected: what a NULL in the subquery does to every row.
 * `verdict` is compareResults' answer, `rowCount` how many rows the learner's query returned.
 */
export function sqlHints(sql, verdict, rowCount) {
  if (verdict?.problem !== 'rows' || !(verdict.missing?.length > 0)) return ''
  const notes = []
  if (comparesWithNull(sql)) notes.push(' Note: a comparison with = NULL or <> NULL is never true; test for missing values with IS NULL or IS NOT NULL.')
  if (rowCount === 0 && notInSubquery(sql)) notes.push(' Note: x NOT IN (SELECT …) is never true when the subquery returns a NULL, so no row is left; NOT EXISTS (or a LEFT JOIN keeping the rows without a match) is not fooled by NULLs.')
  return notes.join('')
}

/** Does the statement hold `… NOT IN (SELECT …)`? */
export function notInSubquery(sql) {
  return someNode(parseTree(sql), node =>
    node.BoolExpr?.boolop === 'NOT_EXPR' && node.BoolExpr.args?.some(arg => arg.SubLink?.subLinkType === 'ANY_SUBLINK'))
}

/** Does the statement compare something with NULL by =, <> or != (PostgreSQL parses != as <>)? */
export function comparesWithNull(sql) {
  return someNode(parseTree(sql), node => {
    const expr = node.A_Expr
    if (!expr || expr.kind !== 'AEXPR_OP') return false
    const op = expr.name?.map(n => n.String?.sval).join('.')
    return (op === '=' || op === '<>') && [expr.lexpr, expr.rexpr].some(side => side?.A_Const?.isnull === true)
  })
}

/** What in a query makes it run long (for a query that did): joins without a condition, subqueries. */
export function slowQueryHint(sql) {
  const parts = costlyParts(sql)
  const causes = [parts.unconditioned && 'a join without a condition (CROSS JOIN, or tables listed in FROM with no WHERE)', parts.subquery && 'a subquery run once per row']
    .filter(Boolean)
  return causes.length === 0 ? '' : ` Your query has ${causes.join(' and ')}: look there first.`
}

/** What in SQL that made PostgreSQL run out of memory can fill it: joins without a condition, values built without bound. */
export function memoryHint(sql) {
  const parts = costlyParts(sql)
  const causes = [
    parts.unconditioned && 'a join without a condition (every row with every row)',
    parts.growing.length > 0 && `values built up without bound (${parts.growing.join(', ')})`,
    parts.recursive && 'a recursive query (does it stop?)',
  ].filter(Boolean)
  return causes.length === 0 ? '' : ` Your SQL has ${causes.join(' and ')}: look there first.`
}

const GROWING = new Set(['string_agg', 'array_agg', 'json_agg', 'jsonb_agg', 'repeat', 'generate_series', 'lpad', 'rpad'])

function costlyParts(sql) {
  const tree = parseTree(sql)
  const growing = new Set()
  someNode(tree, node => {
    const name = node.FuncCall?.funcname?.at(-1)?.String?.sval?.toLowerCase()
    if (GROWING.has(name)) growing.add(name)
    return false
  })
  return {
    unconditioned: someNode(tree, node =>
      (node.JoinExpr && !node.JoinExpr.quals && !node.JoinExpr.usingClause && !node.JoinExpr.isNatural) ||
      (node.SelectStmt?.fromClause?.length > 1 && !node.SelectStmt.whereClause)),
    subquery: someNode(tree, node => Boolean(node.SubLink)),
    recursive: someNode(tree, node => node.withClause?.recursive === true || node.WithClause?.recursive === true),
    growing: [...growing],
  }
}

function parseTree(sql) {
  try {
    return libpgQuery.parseSync(sql)
  } catch {
    return undefined
  }
}

function someNode(value, test) {
  if (value === null || typeof value !== 'object') return false
  if (Array.isArray(value)) return value.some(item => someNode(item, test))
  if (test(value)) return true
  return Object.values(value).some(item => someNode(item, test))
}

export function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

export function seconds(ms) {
  return `${Number((ms / 1000).toFixed(1))} s`
}
