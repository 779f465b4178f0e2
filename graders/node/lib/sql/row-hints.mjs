// The hints a `rows` verdict may carry (see HINTS in compare.mjs): number slips, NULL against '',
// NULLs placed by a default sort, rows multiplied by a join, duplicates. Its own module because
// each hint reads the missing and extra rows for its evidence, apart from the verdict itself.

import { numberHint } from './number-slips.mjs'
import { byteOrder, compareValue } from './sort-order.mjs'
import { equalValues } from './value-equality.mjs'

export function rowHints({ missing, extra, wanted, got, expected, actual, mapping, kinds, families, equalRows, r }) {
  const hints = []
  const table = r.subject === 'table'
  const label = k => expected.fields[k].name
  const numbers = numberHint(missing, extra, families, kinds, actual.fields.map(f => f.typeId), mapping.columns)
  if (numbers) hints.push(numbers)
  const blank = emptyTextHint(missing, extra, wanted, got, kinds, label)
  if (blank) hints.push(blank)
  if (!table && r.orderBy) {
    const placed = nullsPlacedHint(missing, extra, wanted, got, kinds, r.orderBy.map(name => expected.fields.findIndex(f => f.name === name)), label)
    if (placed) hints.push(placed)
  }
  if (hints.length === 0 && got.length === wanted.length && missing.length === extra.length) {
    hints.push({ id: 'same-count', text: 'Same number of rows, so some rows differ: compare the tables.' })
  }
  // New combinations of expected values; rows that merely repeat expected ones are duplicates (below).
  if (!table && wanted.length > 0 && got.length >= 2 * wanted.length && got.length - extra.length === wanted.length &&
      extra.some(row => !wanted.some(w => equalRows(w, row))) &&
      extra.every(row => row.every((value, k) => wanted.some(w => equalValues(w[k], value, kinds[k], r))))) {
    hints.push({ id: 'multiplied', text: 'Far more rows than expected, each made of values the expected rows have: is a join condition missing, or a join multiplying rows?' })
  }
  if (r.duplicates === 'count' && wanted.length > 0 && extra.some(row => wanted.some(w => equalRows(w, row)))) {
    hints.push({ id: 'duplicates', text: table ? 'Some rows are there more often than expected.' : 'Some rows come more often than expected: duplicates from a join, or a missing DISTINCT?' })
  }
  return hints
}

/** NULL where '' is (or the other way), or '' on one side only (see HINTS). */
function emptyTextHint(missing, extra, wanted, got, kinds, label) {
  const text = kinds.map((kind, k) => (kind.family === 'text' ? k : -1)).filter(k => k >= 0)
  for (const k of text) {
    const swap = missing.map(want => [want, extra.find(have =>
      have.every((v, i) => i === k || v === want[i]) && ((want[k] === null && have[k] === '') || (want[k] === '' && have[k] === null)))]).find(([, have]) => have)
    if (swap) {
      const [want] = swap
      return {
        id: 'null-vs-empty',
        text: want[k] === null
          ? `Where ${label(k)} is NULL in the expected rows, yours has '' (an empty text): they are different values, and NULL must stay NULL.`
          : `Where ${label(k)} is '' (an empty text) in the expected rows, yours has NULL: an empty text is a value, not a missing one.`,
      }
    }
  }
  for (const k of text) {
    const blankMissing = missing.filter(row => row[k] === '').length
    if (blankMissing > 0 && !got.some(row => row[k] === '')) {
      return { id: 'empty-missing', text: `${blankMissing === missing.length ? (missing.length === 1 ? 'The missing row has' : 'The missing rows have') : `${blankMissing} of the missing rows have`} an empty ${label(k)} (''), and none of yours has: an empty text is a value, not NULL.` }
    }
    const blankExtra = extra.filter(row => row[k] === '').length
    if (blankExtra > 0 && !wanted.some(row => row[k] === '')) {
      return { id: 'empty-extra', text: `${blankExtra === extra.length ? (extra.length === 1 ? 'The row that should not be there has' : 'The rows that should not be there have') : `${blankExtra} of the rows that should not be there have`} an empty ${label(k)} (''), and no expected row has: an empty text is not NULL.` }
    }
  }
  return undefined
}

/** NULLs sorted to where PostgreSQL puts them by default, and a LIMIT keeping them (see HINTS). */
function nullsPlacedHint(missing, extra, wanted, got, kinds, keys, label) {
  for (const k of keys) {
    if (!extra.some(row => row[k] === null) || wanted.some(row => row[k] === null)) continue
    const nulls = got.filter(row => row[k] === null).length
    const values = wanted.map(row => row[k])
    const steps = values.slice(1).map((v, i) => compareValue(values[i], v, kinds[k], byteOrder))
    if (steps.includes(undefined) || !steps.some(c => c !== 0)) continue
    const descending = steps.every(c => c >= 0)
    const ascending = steps.every(c => c <= 0)
    const atStart = got.slice(0, nulls).every(row => row[k] === null)
    const atEnd = got.slice(got.length - nulls).every(row => row[k] === null)
    if (descending && atStart) {
      return { id: 'nulls-first', text: `${nulls === 1 ? 'Your first row has' : `Your first ${nulls} rows have`} ${label(k)} NULL, which no expected row has: in a descending sort PostgreSQL puts NULLs first (unless the ORDER BY says NULLS LAST).` }
    }
    if (ascending && atEnd) {
      return { id: 'nulls-last', text: `${nulls === 1 ? 'Your last row has' : `Your last ${nulls} rows have`} ${label(k)} NULL, which no expected row has: in an ascending sort PostgreSQL puts NULLs last (unless the ORDER BY says NULLS FIRST).` }
    }
  }
  return undefined
}
