// The wording shared by the comparison's messages: a column's label, a value as shown (NULL,
// long text cut), lists, counts, and the `rows` verdict's summary line. Its own module so the
// messages read the same whichever check writes them.

export function rowsMessage(missing, extra, wantedCount, gotCount, hints) {
  const where = []
  if (missing.length > 0) where.push(`${count(missing.length, 'expected row')} ${missing.length === 1 ? 'is' : 'are'} missing`)
  if (extra.length > 0) where.push(`${count(extra.length, 'row')} should not be there`)
  return `Your query returns ${count(gotCount, 'row')}, ${wantedCount} expected: ${where.join(' and ')}.${hints.map(h => ` ${h.text}`).join('')}`
}

export function columnLabel(i, field, r) {
  return r.columns === 'names' ? field.name : `${field.name} (column ${i + 1})`
}

export function show(value) {
  return value === null ? 'NULL' : JSON.stringify(value).length > 40 ? `${JSON.stringify(value).slice(0, 39)}…"` : value
}

export function list(names) {
  return names.length === 0 ? 'none' : names.join(', ')
}

export function count(n, noun) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
