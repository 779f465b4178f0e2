// Query and change tasks: graded by comparing the learner's result (or the tables after the
// learner's script) with the reference's, on a fresh copy of the visible dataset and of the
// hidden one, then (when both agree) of each dataset the exercise's generator made.
import { ident } from './cluster.mjs'
import { compareResults, DEFAULT_RULES } from './compare.mjs'
import { capitalise, reproduce, reproduceGenerated, seconds, shown, slowQueryHint, sqlHints, table, unusable } from './feedback.mjs'
import { describeError, formatTable, whereInFile } from './format.mjs'
import { GENERATED_NAMES } from './generated.mjs'
import { runQuery, runScript } from './run-sql.mjs'

/** The datasets every SQL exercise has. */
export const DATASETS = ['visible', 'hidden']
/** Every template database a grading may use: made empty before the exercise is known. */
export const TEMPLATES = [...DATASETS, ...GENERATED_NAMES]
/** The reference is ours: it gets room the learner's query does not need. */
const REFERENCE_LIMITS = { maxRows: 100000, timeoutMs: 10000, as: 'reference' }

/** A fault of the exercise or the platform (a broken dataset or reference): never the learner's. */
export class PlatformError extends Error {}

/**
 * The datasets a task is graded on, in rounds: visible and hidden side by side, then the
 * generated ones side by side (`bundle.generated`, from ./generated.mjs). A round starts only
 * when the one before passed, and the first failure in this order is the one reported: a
 * learner hears about the visible dataset first, and about a generated one only once the
 * datasets they were told about agree.
 */
export function datasetRounds(bundle) {
  const generated = (bundle.generated ?? []).map(g => ({ name: g.name, kind: 'generated', number: g.number, seed: g.seed, sql: g.sql }))
  return [DATASETS.map(name => ({ name, kind: name })), ...(generated.length > 0 ? [generated] : [])]
}

/** "the visible and the hidden dataset", "the visible, the hidden and 2 generated datasets". */
export function datasetsPassed(bundle) {
  const n = bundle.generated?.length ?? 0
  return n === 0 ? 'the visible and the hidden dataset' : `the visible, the hidden and ${n} generated dataset${n === 1 ? '' : 's'}`
}

/** How a failure on `dataset` begins: nothing on the visible one, which datasets passed before. */
function failureLead(dataset) {
  if (dataset.kind === 'hidden') return 'Right on the visible dataset, but not on the hidden one: '
  if (dataset.kind === 'generated') return `Right on the visible and the hidden dataset, but not on generated dataset ${dataset.number} (seed ${dataset.seed}): `
  return ''
}

/** What is said about the dataset after the failure: the hidden one's hint, a generated one's origin. */
function aboutDataset(task, dataset) {
  if (dataset.kind === 'hidden') return task.hiddenHint ? ` ${task.hiddenHint}` : ''
  if (dataset.kind === 'generated') {
    return ` Generated datasets are made from a fixed seed by the exercise's generator, to hold ties, missing values (NULL), empty strings, ` +
      'case variants and values on every boundary; its SQL is shown below, to try yours on.'
  }
  return ''
}

/** The "try it" field: the visible dataset's command, a generated dataset's own SQL, nothing for the hidden one. */
function tryIt(task, dataset) {
  if (dataset.kind === 'visible') return { curl: reproduce(task) }
  if (dataset.kind === 'generated') return { curl: reproduceGenerated(task, dataset) }
  return {}
}

function datasetLabel(dataset) {
  return dataset.kind === 'generated' ? `generated dataset ${dataset.number}` : `${dataset.name} dataset`
}

/** Runs `fn(dataset)` round by round; returns the first failure (in dataset order) or undefined. */
async function firstFailure(bundle, fn) {
  for (const round of datasetRounds(bundle)) {
    const failures = await Promise.all(round.map(fn))
    const failure = failures.find(Boolean)
    if (failure) return failure
  }
  return undefined
}

export async function gradeQuery(cluster, bundle, task) {
  const problem = unusable(task)
  if (problem) return problem
  const rules = { ...DEFAULT_RULES, ...task.compare }
  const failure = await firstFailure(bundle, async dataset => {
    const database = await cluster.copy(dataset.name, `t${task.number}_${dataset.name}`)
    let run
    try {
      const reference = await runQuery(cluster, 'read', database, bundle.reference[task.file], REFERENCE_LIMITS)
      if (reference.error) throw new PlatformError(`the reference of ${task.file} failed on the ${datasetLabel(dataset)}${dataset.seed ? ` (seed ${dataset.seed})` : ''}: ${reference.error.message}`)
      const maxRows = Math.max(bundle.settings.maxRows, reference.rows.length)
      const learner = await runQuery(cluster, 'read', database, task.sql, { maxRows, timeoutMs: bundle.settings.statementTimeoutMs })
      run = { reference, learner, maxRows }
    } finally {
      cluster.dropLater(database)
    }
    return queryFailure(task, dataset, run.reference, run.learner, rules, run.maxRows, bundle.settings.statementTimeoutMs)
  })
  if (failure) return failure
  return { pass: `${task.file} gives the expected result on ${datasetsPassed(bundle)}` }
}

function queryFailure(task, dataset, reference, learner, rules, maxRows, timeoutMs) {
  // Right on the data the learner can see, wrong on data built to catch queries fitted to it.
  const lead = failureLead(dataset)
  // The exercise's words on what the hidden dataset holds, or where a generated one comes from.
  const about = aboutDataset(task, dataset)
  const base = { request: shown(task), ...tryIt(task, dataset) }
  const expectedTable = `Expected result${dataset.kind === 'visible' ? '' : ` (${datasetLabel(dataset)})`}:\n${table(reference)}`
  if (learner.error) {
    // Evidence of what runs long is in the query itself; the reference's time says what is enough.
    const message = learner.error.timedOut
      ? `${lead}your query ran longer than ${seconds(timeoutMs)} and was cancelled (the expected query takes ${reference.durationMs} ms on the same data).${slowQueryHint(task.sql)}`
      : `${lead}your query failed${whereInFile(learner.error, task.sql)}: ${learner.error.message}`
    return { ...base, message: capitalise(message + about), expected: expectedTable, actual: describeError(learner.error, task.sql, { file: task.file }) }
  }
  if (learner.truncated) {
    // More than twice the expected rows: a condition that should narrow them is missing.
    const far = maxRows + 1 >= 2 * Math.max(1, reference.rows.length)
    return {
      ...base,
      message: capitalise(`${lead}your query returns more than ${maxRows} rows; ${reference.rows.length} expected.${far ? ' Is a join or WHERE condition missing?' : ''}${about}`),
      expected: expectedTable,
      actual: `Your result (first rows):\n${table(learner, { total: `more than ${maxRows}` })}`,
    }
  }
  const verdict = compareResults(reference, learner, rules)
  if (verdict.ok) return undefined
  const hint = sqlHints(task.sql, verdict, learner.rows.length) + about
  if (lead) verdict.message = verdict.message.charAt(0).toLowerCase() + verdict.message.slice(1)
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

export async function gradeChange(cluster, bundle, task) {
  const problem = unusable(task)
  if (problem) return problem
  const failure = await firstFailure(bundle, async dataset => {
    const mine = await cluster.copy(dataset.name, `t${task.number}_${dataset.name}_learner`)
    const theirs = await cluster.copy(dataset.name, `t${task.number}_${dataset.name}_reference`)
    try {
      return await compareChange(cluster, bundle, task, dataset, mine, theirs)
    } finally {
      cluster.dropLater(mine)
      cluster.dropLater(theirs)
    }
  })
  if (failure) return failure
  const rounds = bundle.generated?.length > 0 ? `on ${datasetsPassed(bundle)}` : 'on both datasets'
  return { pass: `after ${task.file}, ${task.tables.join(' and ')} ${task.tables.length === 1 ? 'is' : 'are'} as expected ${rounds}` }
}

async function compareChange(cluster, bundle, task, dataset, mine, theirs) {
  const timeoutMs = bundle.settings.statementTimeoutMs
  const [learnerRun, referenceRun] = await Promise.all([
    runScript(cluster, 'write', mine, task.sql, { timeoutMs }),
    runScript(cluster, 'write', theirs, bundle.reference[task.file], { timeoutMs: REFERENCE_LIMITS.timeoutMs, as: 'reference' }),
  ])
  if (referenceRun.errors.some(e => e.error.timedOut)) throw new PlatformError(`the reference of ${task.file} timed out on the ${datasetLabel(dataset)}${dataset.seed ? ` (seed ${dataset.seed})` : ''}`)
  for (const tableName of task.tables) {
    // Read as the reference's role, whose defaults the learner's script cannot have touched.
    const select = `SELECT * FROM ${ident(tableName)}`
    const [expected, actual] = await Promise.all([
      runQuery(cluster, 'read', theirs, select, REFERENCE_LIMITS),
      runQuery(cluster, 'read', mine, select, REFERENCE_LIMITS),
    ])
    if (expected.error) throw new PlatformError(`reading ${tableName} after the reference of ${task.file} failed: ${expected.error.message}`)
    const verdict = actual.error ? { ok: false, message: `reading it afterwards failed: ${actual.error.message}` } : compareResults(expected, actual, { columns: 'names', subject: 'table' })
    if (verdict.ok) continue
    const lead = failureLead(dataset)
    const notes = scriptNotes(task, learnerRun, timeoutMs)
    const names = expected.fields.map(f => f.name)
    return {
      message:
        `${lead ? `${lead}a` : 'A'}fter your script, table ${tableName} is not as the task asks: ` +
        `${verdict.message.replace(/^Your query returns/, 'it has')}${notes.summary}${aboutDataset(task, dataset)}`,
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
      ...tryIt(task, dataset),
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
