// Runs a learner's (or the reference's) SQL on one database copy as a learner role, under a
// time limit the learner cannot lift: statement_timeout is only the first line (a SET in a script
// changes it), the second is this process cancelling, then terminating, the backend.
import Cursor from 'pg-cursor'
import { AS_TEXT, isConnectionLoss, ServerRestart } from './cluster.mjs'
import { splitStatements } from './statements.mjs'
import { noteTimedWait, scaled } from '../timing.mjs'

/** How long past the limit a statement may run before it is cancelled, then terminated. */
const CANCEL_GRACE_MS = 250
const TERMINATE_GRACE_MS = 2000

/**
 * One query, read through a cursor so at most `maxRows + 1` rows ever leave the server; run as
 * the learner's role for `role`, or with `as: 'reference'` as its twin.
 * Returns `{ fields: [{ name, typeId }], rows: [[text|null, …]], truncated, durationMs }` or
 * `{ error, durationMs }`; `error` carries PostgreSQL's fields (code, position, hint, …).
 */
export async function runQuery(cluster, role, database, sql, { maxRows, timeoutMs: limitMs, as }) {
  // Stretched on a busy host, like every wait of a grading (../timing.mjs).
  const timeoutMs = scaled(limitMs)
  const client = await cluster.connect(role, database, { statementTimeoutMs: timeoutMs, as })
  const started = performance.now()
  const stopWatch = watch(cluster, client, timeoutMs)
  try {
    const cursor = client.query(new Cursor(sql, [], { rowMode: 'array', types: AS_TEXT }))
    const rows = await cursor.read(maxRows + 1)
    const fields = (cursor._result?.fields ?? []).map(f => ({ name: f.name, typeId: f.dataTypeID }))
    await cursor.close().catch(() => {})
    return { fields, rows: rows.slice(0, maxRows), truncated: rows.length > maxRows, durationMs: elapsed(started) }
  } catch (error) {
    const stoppedBy = stopWatch()
    if (stoppedBy === undefined && isConnectionLoss(error)) throw new ServerRestart(error)
    return { error: clipError(withTimeout(error, stoppedBy)), durationMs: elapsed(started) }
  } finally {
    stopWatch()
    await client.end().catch(() => {})
  }
}

/**
 * A script, statement by statement on one connection, as `psql -f` would: an error is recorded
 * and the next statement still runs. Returns `{ errors: [{ statement, error }], openTransaction }`;
 * `openTransaction` means the script ended inside BEGIN without COMMIT, so its changes since
 * were rolled back when it disconnected. Error positions count from the start of the file.
 */
export async function runScript(cluster, role, database, sql, { timeoutMs: limitMs, as }) {
  const timeoutMs = scaled(limitMs)
  const client = await cluster.connect(role, database, { statementTimeoutMs: timeoutMs, as })
  const errors = []
  try {
    const split = splitStatements(sql)
    // Not valid SQL: PostgreSQL parses the whole text before running any of it, so sending it as
    // it is runs nothing and answers with its own message and position.
    const statements = split.parseError ? [{ text: sql, offset: 0 }] : split.statements
    for (const [index, statement] of statements.entries()) {
      const stopWatch = watch(cluster, client, timeoutMs)
      try {
        await client.query(statement.text)
      } catch (error) {
        const timedOut = stopWatch()
        if (timedOut === undefined && isConnectionLoss(error)) throw new ServerRestart(error)
        if (error.position) error.position = String(Number(error.position) + statement.offset)
        errors.push({ statement: index + 1, error: clipError(withTimeout(error, timedOut)) })
        // The connection is gone (our time limit, or the script ended its own backend).
        if (timedOut === 'terminated' || error.code === '57P01') break
      } finally {
        stopWatch()
      }
    }
    let openTransaction = false
    const last = errors.at(-1)?.error
    if (last?.stoppedBy !== 'terminated' && last?.code !== '57P01') {
      // In a transaction block now() is when it began, not this statement; in a failed one, any query fails.
      openTransaction = await client
        .query('SELECT now() <> statement_timestamp() AS open')
        .then(r => r.rows[0].open === 't', () => true)
    }
    return { errors, openTransaction }
  } finally {
    await client.end().catch(() => {})
  }
}

/** Starts the outside limit for whatever `client` runs next; the returned stop says if it fired. */
function watch(cluster, client, timeoutMs) {
  let fired
  const pid = client.processID
  const cancel = setTimeout(() => {
    fired = 'cancelled'
    void cluster.stop(pid)
  }, timeoutMs + CANCEL_GRACE_MS)
  const terminate = setTimeout(() => {
    fired = 'terminated'
    void cluster.stop(pid, { terminate: true })
  }, timeoutMs + CANCEL_GRACE_MS + TERMINATE_GRACE_MS)
  return () => {
    clearTimeout(cancel)
    clearTimeout(terminate)
    return fired
  }
}

function withTimeout(error, stoppedBy) {
  // 57014: canceled by statement_timeout or by us; a terminated backend answers 57P01 or just closes.
  if (stoppedBy !== undefined || error.code === '57014') {
    error.timedOut = true
    noteTimedWait()
  }
  if (stoppedBy !== undefined) error.stoppedBy = stoppedBy
  return error
}

/**
 * PostgreSQL's message, detail and hint as the learner's SQL made them: a RAISE or a failed cast
 * can carry megabytes, and feedback must stay far below the grader's output cap.
 */
export function clipError(error) {
  for (const field of ['message', 'detail', 'hint']) {
    if (typeof error[field] === 'string' && error[field].length > MAX_ERROR_TEXT) {
      error[field] = `${error[field].slice(0, MAX_ERROR_TEXT)}… (${error[field].length} characters in all)`
    }
  }
  return error
}

const MAX_ERROR_TEXT = 500

function elapsed(started) {
  return Math.round(performance.now() - started)
}
