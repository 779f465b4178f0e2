// Compares a learner's result with the reference's under a task's rules (exercises/README.md):
// order only where the task asks for it, columns by position unless it names them, numbers by
// value within a tolerance, duplicates counted or not, text case-sensitive or not, and NULL equal
// to NULL but to nothing else. Pure: results in, a verdict with the evidence out.
//
// This module holds the steps and their verdicts (columns, types, rows, order) and the list of
// hints they may carry; what they build on lives beside it: column-types, decimal-text,
// value-equality, sort-order, column-mapping, message-text, and the hints of each verdict
// (type-hints, row-hints with number-slips, order-hints).

import { columnKind, family, typeName } from './column-types.mjs'
import { mapColumns } from './column-mapping.mjs'
import { columnLabel, rowsMessage, show } from './message-text.mjs'
import { orderHints } from './order-hints.mjs'
import { rowHints } from './row-hints.mjs'
import { byteOrder, isSorted, localeOrder, orderModel } from './sort-order.mjs'
import { typeHint } from './type-hints.mjs'
import { equalValues } from './value-equality.mjs'

/** The defaults a task's `compare` overrides; the API shows the same rules to learners. */
export const DEFAULT_RULES = { columns: 'position', tolerance: 0, duplicates: 'count', textCase: 'exact' }

/**
 * `expected` and `actual` are `{ fields: [{ name, typeId }], rows: [[text|null]] }`.
 * Returns `{ ok: true }` or `{ ok: false, problem, message, hints, … }` where `problem` is one of
 * columns, types, rows, order, `hints` names the hints the message carries (each one is given
 * only when the rows at hand show its condition; see HINTS), and the rest is the evidence.
 * `rules.subject: 'table'` compares a table after a change task: no query advice.
 */
export function compareResults(expected, actual, rules = {}) {
  const r = { ...DEFAULT_RULES, ...rules }
  const names = expected.fields.map(f => f.name)
  if (r.columns === 'names' && new Set(names).size !== names.length) {
    throw new Error(`compare.columns is names, but the reference returns a column name twice: ${names.join(', ')}`)
  }
  const mapping = mapColumns(expected.fields, actual.fields, r)
  if (!mapping.ok) return mapping

  for (const [i, field] of expected.fields.entries()) {
    const theirs = actual.fields[mapping.columns[i]]
    const allNull = actual.rows.every(row => row[mapping.columns[i]] === null)
    if (!allNull && family(field.typeId) !== family(theirs.typeId)) {
      const hint = typeHint(expected.fields, actual, mapping.columns, i, r)
      return {
        ok: false,
        problem: 'types',
        hints: hint.id ? [hint.id] : [],
        message:
          `Column ${columnLabel(i, field, r)} is ${typeName(theirs.typeId)} in your result, ` +
          `but ${typeName(field.typeId)} is expected${hint.text}`,
      }
    }
  }

  const families = expected.fields.map(f => family(f.typeId))
  const kinds = expected.fields.map((f, i) => columnKind(f.typeId, actual.fields[mapping.columns[i]].typeId))
  const aligned = actual.rows.map(row => mapping.columns.map(c => row[c]))
  const equalRows = (a, b) => a.every((value, i) => equalValues(value, b[i], kinds[i], r))
  let wanted = expected.rows
  let got = aligned
  if (r.duplicates === 'ignore') {
    wanted = unique(wanted, equalRows)
    got = unique(got, equalRows)
  }

  const { missing, extra } = matchRows(wanted, got, equalRows)
  if (missing.length > 0 || extra.length > 0) {
    const hints = rowHints({ missing, extra, wanted, got, expected, actual, mapping, kinds, families, equalRows, r })
    return {
      ok: false,
      problem: 'rows',
      message: rowsMessage(missing, extra, wanted.length, got.length, hints),
      hints: hints.map(h => h.id),
      missing,
      extra,
    }
  }

  if (r.orderBy) {
    const keys = r.orderBy.map(name => expected.fields.findIndex(f => f.name === name))
    if (keys.includes(-1)) throw new Error(`compare.orderBy names a column the reference does not return: ${r.orderBy.join(', ')}`)
    return checkOrder(expected, aligned, keys, kinds, r)
  }
  return { ok: true }
}

/**
 * The order check. Rows tied on every orderBy column may come in any order. Text keys: the
 * reference's order is PostgreSQL's in the grader's database (collation C: code point order,
 * 'Zoe' before 'adam'); a learner's order that is sorted the same way under en-US (ICU, what a
 * local database or COLLATE "en-US-x-icu" gives) passes too: "alphabetical" means either. The
 * directions and NULL placement are read off the expected rows; where they cannot be (a key the
 * reference does not sort in one direction, a type without a known order), only the reference's
 * exact order passes, rows tied on the keys aside.
 */
function checkOrder(expected, aligned, keys, kinds, r) {
  const position = expected.rows.findIndex(
    (row, i) => !keys.every(k => equalValues(row[k], aligned[i][k], kinds[k], r)),
  )
  if (position === -1) return { ok: true }
  const model = orderModel(expected.rows, keys, kinds)
  if (model && r.textCase === 'exact') {
    if (isSorted(aligned, model, byteOrder) || (model.hasText && isSorted(aligned, model, localeOrder))) return { ok: true }
  }
  const names = keys.map(k => columnLabel(k, expected.fields[k], r))
  const hints = orderHints(expected, aligned, keys, kinds, r, model, position)
  return {
    ok: false,
    problem: 'order',
    position,
    hints: hints.map(h => h.id),
    message:
      `Your rows are right but not in the order the task asks for (by ${r.orderBy.join(', then ')}): ` +
      `row ${position + 1} should have ${names.map((n, j) => `${n} = ${show(expected.rows[position][keys[j]])}`).join(', ')}, ` +
      `yours has ${names.map((n, j) => `${show(aligned[position][keys[j]])}`).join(', ')}.` +
      hints.map(h => ` ${h.text}`).join(''),
  }
}

/** Pairs each expected row with an equal row of the learner's; what is left on each side differs. */
function matchRows(wanted, got, equalRows) {
  const used = new Array(got.length).fill(false)
  const missing = []
  for (const row of wanted) {
    const i = got.findIndex((candidate, j) => !used[j] && equalRows(row, candidate))
    if (i === -1) missing.push(row)
    else used[i] = true
  }
  return { missing, extra: got.filter((_, j) => !used[j]) }
}

function unique(rows, equalRows) {
  return rows.filter((row, i) => rows.findIndex(other => equalRows(row, other)) === i)
}

/**
 * The hints a failing comparison may carry, each given only when its condition holds in the
 * rows at hand (the evidence is in brackets):
 * - integer-division: [the learner's column is an integer type, and each paired row has the
 *   expected value cut toward zero to a whole number]
 * - truncated: [the same cut, in a column that is not an integer type: TRUNC, FLOOR, or an
 *   integer division cast afterwards]
 * - rounded-whole: [each paired row has the expected value rounded to a whole number]
 * - whole: [both of the last two fit every pair, e.g. 2 for 2.35]
 * - unrounded: [each pair's value rounds to the expected one, which has 1-6 decimals]
 * - cut-last-place: [each pair's value is the expected one less one unit in its last decimal
 *   place, toward zero: cut (TRUNC(x, 2)) where it is rounded]
 *   (rows are paired when they are equal in every column that is not a number)
 * - null-vs-empty: [a missing and an extra row equal but for one text column, NULL in one, '' in the other]
 * - empty-missing: [missing rows have '' in a text column where none of the learner's rows has '']
 * - empty-extra: [extra rows have '' in a text column where no expected row has '']
 * - nulls-first / nulls-last: [extra rows have NULL in an orderBy column where no expected row
 *   has one, they are all at the start (end) of the learner's result, and the expected rows
 *   are sorted by that column descending (ascending)]
 * - multiplied: [at least twice the expected row count, every expected row there, and every
 *   value of every extra row also in that column of the expected rows: combinations of the
 *   right values, as a join without its condition makes]
 * - duplicates: [an extra row equal to an expected one, under duplicates: count]
 * - same-count: [as many rows as expected, as many missing as extra]
 * - order: nulls-order [the first row out of order differs by NULL on one side in its first
 *   differing key], not-sorted [the first key's values go up and down], reversed [the first
 *   key's values are sorted in the other direction], tie-break [the rows agree on the keys
 *   before the one that differs, and are sorted by the first key]
 * - types: formatted-number [text where a number is expected, and every value reads as a
 *   number], swapped [the learner's column has the type of another expected column, and that
 *   column has this one's]
 * - names-as: [a named column is missing while an unnamed one is there]
 */
export const HINTS = Object.freeze([
  'integer-division', 'truncated', 'rounded-whole', 'whole', 'unrounded', 'cut-last-place', 'null-vs-empty',
  'empty-missing', 'empty-extra', 'nulls-first', 'nulls-last', 'multiplied', 'duplicates', 'same-count',
  'nulls-order', 'not-sorted', 'reversed', 'tie-break', 'formatted-number', 'swapped', 'names-as',
])
