// The hints a `types` verdict may carry (see HINTS in compare.mjs): a number formatted into
// text, two columns swapped, a timestamp where a date is expected. Its own module, like the
// hints of the other verdicts, so that compare.mjs holds only the steps of the comparison.

import { family, typeName } from './column-types.mjs'

/** Why a column has a type from another family, when the values show it (see HINTS). */
export function typeHint(expectedFields, actual, columns, i, r) {
  const e = family(expectedFields[i].typeId)
  const a = family(actual.fields[columns[i]].typeId)
  const values = actual.rows.map(row => row[columns[i]]).filter(v => v !== null)
  if (e === 'number' && a === 'text' && values.length > 0 && values.every(v => /\d/.test(v) && /^\s*[-+]?\s*[$€£¥]?\s*[-+]?[\d\s.,']+\s*(%|[$€£¥]|[A-Z]{3})?\s*$/.test(v))) {
    return { id: 'formatted-number', text: ': did you format the number into a string (to_char, ||)? Leave it a number.' }
  }
  if (r.columns !== 'names') {
    const j = expectedFields.findIndex((f, n) => n !== i && family(f.typeId) === a && family(actual.fields[columns[n]].typeId) === e)
    if (j !== -1) {
      return { id: 'swapped', text: `, and your column ${j + 1} is ${typeName(actual.fields[columns[j]].typeId)} where ${typeName(expectedFields[j].typeId)} is expected: columns are compared by position; are two of them swapped?` }
    }
  }
  if (e === 'date' && a === 'timestamp') return { text: ': cast it with ::date.' }
  return { text: '.' }
}
