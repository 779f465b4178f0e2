// The suite of an SQL exercise. `await sqlExercise({ checks })` grades every task of the
// manifest in order, one top-level test per task (or per check of a schema or index task), named
// "N. …" after the task's number:
// - query: the learner's single SELECT against the reference's result, on a fresh copy of the
//   visible dataset and then of the hidden one, under the task's compare rules;
// - change: the learner's script and the reference's, each on its own copy, then the task's
//   tables compared;
// - schema, index: the learner's script on a fresh copy, then `checks[file](task)` from the
//   exercise's suite tests behaviour, catalog and plans through the task's helpers.
// Query and change tasks are computed side by side first and reported in order after: the
// TAP stream stays in task order while the databases work in parallel.
import { graded } from '../assertions.mjs'
import { readBundle } from './bundle.mjs'
import { Cluster, ident, ServerRestart } from './cluster.mjs'
import { compareResults, DEFAULT_RULES } from './compare.mjs'
import { describeError, formatTable, whereInFile } from './format.mjs'
import { runQuery, runScript } from './run-sql.mjs'
import { describeKind, loadParser, splitStatements } from './statements.mjs'
import { TaskDatabase } from './task-database.mjs'

const DATASETS = ['visible', 'hidden']
/** The reference is ours: it gets room the learner's query does not need. */
const REFERENCE_LIMITS = { maxRows: 100000, timeoutMs: 10000, as: 'reference' }
/** Tasks graded at once: each holds one or two database copies (some 7 MB each) while it runs. */
const PARALLEL_TASKS = 3
const MAX_SQL_SHOWN = 3000

// tap takes some 350 ms to load, PostgreSQL's parser some 60: both load while the databases are
// being built (this suite's files import neither statically).
const tapLoading = import('tap')
const parserLoading = loadParser()

/** A fault of the exercise or the platform (a broken dataset or reference): never the learner's. */
class PlatformError extends Error {}

export async function sqlExercise({ checks = {} } = {}) {
  const bundle = readBundle()
  let cluster
  const prepared = (async () => {
    cluster = await Cluster.open()
    await Promise.all(DATASETS.map(name => cluster.createTemplate(name, bundle.datasets[`${name}.sql`])))
  })()
  prepared.catch(() => {}) // handled below, once tap is there to report it
  const [{ default: t }] = await Promise.all([tapLoading, parserLoading])
  const test = graded(t)
  try {
    await prepared
  } catch (err) {
    await cluster?.close()
    t.bailout(`database-not-ready ${err.message}`)
    return
  }
  // No t.teardown here: a root test with a teardown ends itself as soon as it is idle for a few
  // ticks, which it is while a schema task's database is being copied. The cluster is closed
  // once every test has finished instead.
  try {
    await gradeTasks(t, test, cluster, bundle, checks)
  } finally {
    await cluster.close()
  }
}

async function gradeTasks(t, test, cluster, bundle, checks) {
  const tasks = bundle.settings.tasks.map((task, i) => ({ ...task, number: i + 1, sql: bundle.submission[task.file] }))
  for (const task of tasks) {
    if (['schema', 'index'].includes(task.kind) && typeof checks[task.file] !== 'function') {
      t.bailout(`the suite has no checks for ${task.kind} task ${task.file}`)
      return
    }
  }
  let outcomes
  const restarts = new RestartGuard(cluster)
  try {
    outcomes = await inBatches(tasks, PARALLEL_TASKS, async task => {
      if (task.kind === 'query') return await restarts.grade(task, () => gradeQuery(cluster, bundle, task))
      if (task.kind === 'change') return await restarts.grade(task, () => gradeChange(cluster, bundle, task))
      return undefined
    })
  } catch (err) {
    t.bailout(err instanceof PlatformError ? err.message : `grading failed: ${err.stack ?? err}`)
    return
  }

  for (const [i, task] of tasks.entries()) {
    const name = `${task.number}. ${task.title}`
    if (task.kind === 'query' || task.kind === 'change') {
      await test(name, async t => report(t, outcomes[i]))
      continue
    }
    const context = taskContext(test, cluster, bundle, task, restarts)
    try {
      await checks[task.file](context)
    } finally {
      await context.closeDatabases()
    }
  }
}

/**
 * When a query makes PostgreSQL restart (its process killed for memory), every connection is
 * lost, including those of tasks that did nothing wrong. From the first restart on, tasks are
 * graded one at a time, and each one that lost its connection is graded again, alone: a task
 * whose own SQL restarts the server then is the one to blame, and only that one fails.
 */
class RestartGuard {
  #cluster
  #alone = false
  #queue = Promise.resolve()
  #firstAttempts = new Set()

  constructor(cluster) {
    this.#cluster = cluster
  }

  async grade(task, fn) {
    if (this.#alone) return await this.#one(() => this.#retrying(task, fn))
    const attempt = fn()
    this.#firstAttempts.add(attempt)
    try {
      return await attempt
    } catch (err) {
      if (!(err instanceof ServerRestart)) throw err
      this.#alone = true
      this.#firstAttempts.delete(attempt)
      // A task still in its first attempt may be the cause, or lose its connection yet: the
      // retries, one at a time, start once none is running.
      await Promise.allSettled([...this.#firstAttempts])
      return await this.#one(async () => {
        await this.#cluster.recover()
        return await this.#retrying(task, fn)
      })
    } finally {
      this.#firstAttempts.delete(attempt)
    }
  }

  async #retrying(task, fn) {
    try {
      return await fn()
    } catch (err) {
      if (!(err instanceof ServerRestart)) throw err
      await this.#cluster.recover()
      return this.stoppedBy(task)
    }
  }

  #one(fn) {
    const run = this.#queue.then(fn)
    this.#queue = run.catch(() => {})
    return run
  }

  stoppedBy(task) {
    return {
      message:
        `PostgreSQL had to restart while it ran ${task.file}: the process running your SQL was killed, almost always ` +
        'for using more memory than the database is allowed. Look for a join without a condition (every row with every ' +
        'row) or a value built up without bound (string_agg, array_agg, repeat).',
      request: shown(task),
    }
  }
}

/** What a failing or passing task reports: `{ pass }` or `{ message, request?, expected?, actual?, curl? }`. */
function report(t, outcome) {
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
function unusable(task) {
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

async function gradeQuery(cluster, bundle, task) {
  const problem = unusable(task)
  if (problem) return problem
  const rules = { ...DEFAULT_RULES, ...task.compare }
  // Both datasets at once; the visible one's failure, if any, is the one reported.
  const runs = await Promise.all(DATASETS.map(async dataset => {
    const database = await cluster.copy(dataset, `t${task.number}_${dataset}`)
    try {
      const reference = await runQuery(cluster, 'read', database, bundle.reference[task.file], REFERENCE_LIMITS)
      if (reference.error) throw new PlatformError(`the reference of ${task.file} failed on the ${dataset} dataset: ${reference.error.message}`)
      const maxRows = Math.max(bundle.settings.maxRows, reference.rows.length)
      const learner = await runQuery(cluster, 'read', database, task.sql, { maxRows, timeoutMs: bundle.settings.statementTimeoutMs })
      return { dataset, reference, learner, maxRows }
    } finally {
      cluster.dropLater(database)
    }
  }))
  for (const { dataset, reference, learner, maxRows } of runs) {
    const failure = queryFailure(task, dataset, reference, learner, rules, maxRows, bundle.settings.statementTimeoutMs)
    if (failure) return failure
  }
  return { pass: `${task.file} gives the expected result on the visible and the hidden dataset` }
}

function queryFailure(task, dataset, reference, learner, rules, maxRows, timeoutMs) {
  const hidden = dataset === 'hidden'
  // Right on the data the learner can see, wrong on data built to catch queries fitted to it.
  const lead = hidden ? 'Right on the visible dataset, but not on the hidden one: ' : ''
  const hint = (hidden && task.hiddenHint ? ` ${task.hiddenHint}` : '') + sqlHints(task.sql)
  const base = { request: shown(task), ...(!hidden && { curl: reproduce(task) }) }
  const expectedTable = `Expected result${hidden ? ' (hidden dataset)' : ''}:\n${table(reference)}`
  if (learner.error) {
    const message = learner.error.timedOut
      ? `${lead}your query ran longer than ${seconds(timeoutMs)} and was cancelled. Look for a join without a condition or a subquery run once per row.`
      : `${lead}your query failed${whereInFile(learner.error, task.sql)}: ${learner.error.message}`
    return { ...base, message: capitalise(message + hint), expected: expectedTable, actual: describeError(learner.error, task.sql, { file: task.file }) }
  }
  if (learner.truncated) {
    return {
      ...base,
      message: capitalise(`${lead}your query returns more than ${maxRows} rows; ${reference.rows.length} expected. Is a join or WHERE condition missing?${hint}`),
      expected: expectedTable,
      actual: `Your result (first rows):\n${table(learner, { total: `more than ${maxRows}` })}`,
    }
  }
  const verdict = compareResults(reference, learner, rules)
  if (verdict.ok) return undefined
  if (hidden) verdict.message = verdict.message.charAt(0).toLowerCase() + verdict.message.slice(1)
  const names = reference.fields.map(f => f.name)
  if (verdict.problem === 'rows') {
    return {
      ...base,
      message: lead + verdict.message + hint,
      expected: [
        verdict.missing.length > 0 ? `Missing from your result:\n${formatTable(names, verdict.missing)}\n` : '',
        expectedTable,
      ].join('\n').trim(),
      actual: [
        verdict.extra.length > 0 ? `In your result but not expected:\n${formatTable(names, verdict.extra)}\n` : '',
        `Your result:\n${table(learner)}`,
      ].join('\n').trim(),
    }
  }
  if (verdict.problem === 'order') {
    const from = Math.max(0, verdict.position - 2)
    return {
      ...base,
      message: lead + verdict.message + hint,
      expected: `Expected, from row ${from + 1}:\n${formatTable(names, reference.rows.slice(from), { total: reference.rows.length - from })}`,
      actual: `Yours, from row ${from + 1}:\n${formatTable(learner.fields.map(f => f.name), learner.rows.slice(from), { total: learner.rows.length - from })}`,
    }
  }
  return { ...base, message: lead + verdict.message + hint, expected: expectedTable, actual: `Your result:\n${table(learner)}` }
}

async function gradeChange(cluster, bundle, task) {
  const problem = unusable(task)
  if (problem) return problem
  // Both datasets at once; the visible one's failure, if any, is the one reported.
  const failures = await Promise.all(DATASETS.map(async dataset => {
    const mine = await cluster.copy(dataset, `t${task.number}_${dataset}_learner`)
    const theirs = await cluster.copy(dataset, `t${task.number}_${dataset}_reference`)
    try {
      return await compareChange(cluster, bundle, task, dataset, mine, theirs)
    } finally {
      cluster.dropLater(mine)
      cluster.dropLater(theirs)
    }
  }))
  const failure = failures.find(Boolean)
  if (failure) return failure
  return { pass: `after ${task.file}, ${task.tables.join(' and ')} ${task.tables.length === 1 ? 'is' : 'are'} as expected on both datasets` }
}

async function compareChange(cluster, bundle, task, dataset, mine, theirs) {
  const timeoutMs = bundle.settings.statementTimeoutMs
  const [learnerRun, referenceRun] = await Promise.all([
    runScript(cluster, 'write', mine, task.sql, { timeoutMs }),
    runScript(cluster, 'write', theirs, bundle.reference[task.file], { timeoutMs: REFERENCE_LIMITS.timeoutMs, as: 'reference' }),
  ])
  if (referenceRun.errors.some(e => e.error.timedOut)) throw new PlatformError(`the reference of ${task.file} timed out on the ${dataset} dataset`)
  for (const tableName of task.tables) {
    // Read as the reference's role, whose defaults the learner's script cannot have touched.
    const select = `SELECT * FROM ${ident(tableName)}`
    const [expected, actual] = await Promise.all([
      runQuery(cluster, 'read', theirs, select, REFERENCE_LIMITS),
      runQuery(cluster, 'read', mine, select, REFERENCE_LIMITS),
    ])
    if (expected.error) throw new PlatformError(`reading ${tableName} after the reference of ${task.file} failed: ${expected.error.message}`)
    const verdict = actual.error ? { ok: false, message: `reading it afterwards failed: ${actual.error.message}` } : compareResults(expected, actual, { columns: 'names' })
    if (verdict.ok) continue
    const hidden = dataset === 'hidden'
    const notes = scriptNotes(task, learnerRun, timeoutMs)
    const names = expected.fields.map(f => f.name)
    return {
      message:
        `${hidden ? 'Right on the visible dataset, but not on the hidden one: a' : 'A'}fter your script, table ${tableName} is not as the task asks: ` +
        `${verdict.message.replace(/^Your query returns/, 'it has')}${notes.summary}${hidden && task.hiddenHint ? ` ${task.hiddenHint}` : ''}`,
      request: shown(task),
      expected: [
        verdict.missing?.length > 0 ? `Rows ${tableName} should have but does not:\n${formatTable(names, verdict.missing)}\n` : '',
        `${tableName} as it should be afterwards:\n${formatTable(names, expected.rows)}`,
      ].join('\n').trim(),
      actual: [
        verdict.extra?.length > 0 ? `Rows ${tableName} has but should not:\n${formatTable(names, verdict.extra)}\n` : '',
        actual.error ? '' : `${tableName} after your script:\n${formatTable(actual.fields.map(f => f.name), actual.rows)}`,
        notes.details,
      ].filter(Boolean).join('\n').trim(),
      ...(!hidden && { curl: reproduce(task) }),
    }
  }
  return undefined
}

/** What the learner's script did that explains a wrong end state: errors, an unfinished transaction. */
export function scriptNotes(task, run, timeoutMs) {
  const summary = []
  const details = []
  if (run.errors.length > 0) {
    const first = run.errors[0]
    summary.push(first.error.timedOut
      ? ` Statement ${first.statement} of your script ran longer than ${seconds(timeoutMs)} and was stopped.`
      : ` Statement ${first.statement} of your script failed: ${first.error.message}.`)
    for (const { statement, error } of run.errors.slice(0, 5)) {
      details.push(`Statement ${statement} failed:\n${describeError(error, task.sql, { file: task.file })}`)
    }
  }
  if (run.openTransaction) {
    summary.push(' Your script ends inside a transaction (BEGIN without COMMIT), so its changes were rolled back when it disconnected.')
  }
  return { summary: summary.join(''), details: details.join('\n\n') }
}

/** The context a schema or index task's checks receive (graders/README.md, "SQL exercises"). */
function taskContext(test, cluster, bundle, task, restarts) {
  const problem = unusable(task)
  const opened = []
  const copies = []
  return {
    file: task.file,
    title: task.title,
    number: task.number,
    sql: task.sql,
    /** A graded test named "N. name" (await it); when the file cannot run, it fails saying why, unrun. */
    test(name, fn) {
      return test(`${task.number}. ${name}`, async t => {
        if (problem) return report(t, problem)
        try {
          await fn(t)
        } catch (err) {
          if (!(err instanceof ServerRestart)) throw err
          // Checks run one at a time: the restart came from this task's own SQL.
          await cluster.recover()
          report(t, restarts.stoppedBy(task))
        }
      })
    },
    /**
     * A fresh copy of `dataset` after the learner's file ran in it as learner_ddl (or, with
     * `reference: true`, the reference's). Every call makes a new copy; all are closed and
     * dropped once the task's checks have finished.
     */
    async database({ dataset = 'visible', reference = false } = {}) {
      const sql = reference ? bundle.reference[task.file] : task.sql
      const open = async () => {
        const name = await cluster.copy(dataset, `t${task.number}_${dataset}_${reference ? 'reference' : 'learner'}`)
        copies.push(name)
        return await TaskDatabase.open(cluster, name, { task, sql, timeoutMs: bundle.settings.statementTimeoutMs, as: reference ? 'reference' : 'learner' })
      }
      // Checks run one at a time: a restart now came from this file (or the last check's SQL).
      // Try once more; if it happens again, every check of the database reports it.
      for (let attempt = 1; ; attempt++) {
        try {
          const db = await open()
          opened.push(db)
          return db
        } catch (err) {
          if (!(err instanceof ServerRestart)) throw err
          await cluster.recover()
          if (attempt === 2) return unreachable(err)
        }
      }
    },
    /** Called by the suite once the checks have finished (they must await their tests). */
    async closeDatabases() {
      for (const db of opened.splice(0)) await db.close()
      for (const name of copies.splice(0)) cluster.dropLater(name)
    },
  }
}

/** A task database that could not be made: every check of it reports the restart. */
function unreachable(restart) {
  return new Proxy({}, {
    get: (_, key) => (key === 'then' ? undefined : async () => { throw restart }),
  })
}

function table(result, { total } = {}) {
  if (result.fields.length === 0) return '(no columns)'
  const text = formatTable(result.fields.map(f => f.name), result.rows)
  return total === undefined ? text : text.replace(/\(\d+ of \d+ rows shown\)$/, `(first rows of ${total})`)
}

function shown(task) {
  const text = task.sql ?? ''
  return `${task.file}:\n${text.length > MAX_SQL_SHOWN ? `${text.slice(0, MAX_SQL_SHOWN)}\n… (cut)` : text}`
}

/** How to run it against the visible dataset (GET /api/v1/exercises/:slug gives it) at home. */
function reproduce(task) {
  return `createdb backlab_try && psql -X -q -d backlab_try -f visible.sql && psql -X -d backlab_try -f ${task.file}`
}

/** Mistakes worth naming outright when a query's result is wrong. */
function sqlHints(sql) {
  if (/(^|[^<>!])(=|<>|!=)\s*NULL\b/i.test(sql)) return ' Note: a comparison with = NULL or <> NULL is never true; test for missing values with IS NULL or IS NOT NULL.'
  return ''
}

function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function seconds(ms) {
  return `${Number((ms / 1000).toFixed(1))} s`
}

async function inBatches(items, size, fn) {
  const results = new Array(items.length)
  let next = 0
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i])
    }
  }))
  return results
}
