// The first step of a comparison: which of the learner's columns stands for each expected one
// (by position, or by name when the task says so), or the `columns` verdict saying why none can.
// Its own module because it is the only step that looks at column names and counts.

import { count, list } from './message-text.mjs'

/** Which of the learner's columns stands for each expected column, or why none can. */
export function mapColumns(expected, actual, r) {
  const theirNames = actual.map(f => f.name)
  if (r.columns === 'names') {
    const missing = expected.filter(f => !theirNames.includes(f.name)).map(f => f.name)
    const extra = theirNames.filter(n => !expected.some(f => f.name === n))
    const twice = theirNames.filter((n, i) => theirNames.indexOf(n) !== i)
    if (missing.length > 0 || extra.length > 0 || twice.length > 0) {
      const parts = []
      if (missing.length > 0) parts.push(`missing ${list(missing)}`)
      if (extra.length > 0) parts.push(`not expected ${list(extra)}`)
      if (twice.length > 0) parts.push(`named twice ${list([...new Set(twice)])}`)
      return {
        ok: false,
        problem: 'columns',
        message:
          `Your columns are ${list(theirNames)}; the task asks for ${list(expected.map(f => f.name))} ` +
          `(${parts.join('; ')}).` +
          // Evidence: a column the task names is absent while one it does not name is there.
          (missing.length > 0 && extra.length > 0 && r.subject !== 'table' ? ` Name them with AS (… AS ${missing[0]}).` : ''),
      }
    }
    return { ok: true, columns: expected.map(f => theirNames.indexOf(f.name)) }
  }
  if (expected.length !== actual.length) {
    return {
      ok: false,
      problem: 'columns',
      message:
        `Your query returns ${count(actual.length, 'column')} (${list(theirNames)}); ` +
        `${expected.length} ${expected.length === 1 ? 'is' : 'are'} expected (${list(expected.map(f => f.name))}), in that order.`,
    }
  }
  return { ok: true, columns: expected.map((_, i) => i) }
}
