// The hints an `order` verdict may carry (see HINTS in compare.mjs): NULL placement, rows not
// sorted by the first key (or by another column), sorted the other way, a missing tie-break.
// Its own module because it reads the learner's order for evidence, apart from the order check.

import { byteOrder, compareValue, localeOrder } from './sort-order.mjs'
import { equalValues } from './value-equality.mjs'

/** Why the first row out of order is (see HINTS). */
export function orderHints(expected, aligned, keys, kinds, r, model, position) {
  const hints = []
  const label = j => expected.fields[keys[j]].name
  const want = expected.rows[position]
  const have = aligned[position]
  const j = keys.findIndex(k => !equalValues(want[k], have[k], kinds[k], r))
  if ((want[keys[j]] === null) !== (have[keys[j]] === null)) {
    const placement = model?.nullsFirst[j]
    const where = placement === undefined ? '' : ` The expected order has NULL ${label(j)} ${placement ? 'first' : 'last'}.`
    hints.push({ id: 'nulls-order', text: `PostgreSQL puts NULLs last in an ascending sort and NULLs first in a descending one, unless the ORDER BY says NULLS FIRST or NULLS LAST.${where}` })
  }
  if (!model) return hints
  const first = keys[0]
  const values = aligned.map(row => row[first]).filter(v => v !== null)
  const steps = values.slice(1).map((v, i) => compareValue(values[i], v, kinds[first], byteOrder)).filter(c => c !== 0)
  const localSteps = values.slice(1).map((v, i) => compareValue(values[i], v, kinds[first], localeOrder)).filter(c => c !== 0)
  const monotone = s => s.every(c => c === s[0])
  if (hints.length === 0 && steps.length > 0 && !monotone(steps) && !monotone(localSteps)) {
    // Sorted, but by another column: ORDER BY is there, naming the wrong column first.
    const sortedBy = expected.fields.findIndex((_, k) => k !== first && [byteOrder, localeOrder].some(order => {
      const column = aligned.map(row => row[k]).filter(v => v !== null)
      const moves = column.slice(1).map((v, i) => compareValue(column[i], v, kinds[k], order)).filter(c => c !== 0)
      return moves.length >= 2 && monotone(moves)
    }))
    hints.push({
      id: 'not-sorted',
      text: sortedBy >= 0
        ? `Your rows are not sorted by ${label(0)} in either direction, but by ${expected.fields[sortedBy].name}: does your ORDER BY name ${label(0)} first?`
        : `Your rows are not sorted by ${label(0)} in either direction. Is ORDER BY missing?`,
    })
  } else if (hints.length === 0 && model.dirs[0] !== undefined && steps.length > 0 && monotone(steps) && steps[0] === model.dirs[0]) {
    hints.push({ id: 'reversed', text: `Yours are sorted by ${label(0)} the other way: ${model.dirs[0] === 1 ? 'descending where ascending is asked (ASC)' : 'ascending where descending is asked (DESC)'}.` })
  } else if (hints.length === 0 && j > 0 && model.dirs[j] !== undefined) {
    hints.push({ id: 'tie-break', text: `Rows with the same ${keys.slice(0, j).map((_, i) => label(i)).join(' and ')} come by ${label(j)}, ${model.dirs[j] === 1 ? 'ascending' : 'descending'}.` })
  }
  return hints
}
