// How PostgreSQL orders values (C collation for text, numbers by value, NULLs apart) and the
// order model read off the reference's rows: which direction each orderBy key goes and where its
// NULLs are. Its own module because the order check and the order and NULL-placement hints both
// reason about sortedness with the same rules.

import { parseDecimal } from './decimal-text.mjs'

const COLLATOR = new Intl.Collator('en-US')
/** PostgreSQL's C collation: UTF-8 bytes, which is code point order (JS's < compares UTF-16 units). */
export function byteOrder(a, b) {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}
export function localeOrder(a, b) {
  return COLLATOR.compare(a, b) || 0
}

/** -1, 0, 1 for two non-NULL values of `kind`, or undefined when their order is not known here. */
export function compareValue(a, b, kind, textOrder) {
  switch (kind.family) {
    case 'number': return compareNumber(a, b)
    case 'text': return Math.sign(kind.padded ? textOrder(a.trimEnd(), b.trimEnd()) : textOrder(a, b))
    case 'boolean': return a === b ? 0 : a === 'f' ? -1 : 1
    case 'date':
    case 'timestamp':
      // ISO text (DateStyle ISO) of years 1000-9999 sorts as it reads. (timestamptz text carries
      // the session's offset, which changes with daylight saving: no order known here.)
      return /^\d{4}-/.test(a) && /^\d{4}-/.test(b) && !/BC$/.test(a) && !/BC$/.test(b) ? Math.sign(byteOrder(a, b)) : undefined
    case 'time': return Math.sign(byteOrder(a, b))
    default: return undefined
  }
}

/** Numbers as PostgreSQL orders them: by value, NaN above everything. */
export function compareNumber(a, b) {
  const special = { '-Infinity': -Infinity, Infinity, NaN }
  const x = Object.hasOwn(special, a) ? special[a] : undefined
  const y = Object.hasOwn(special, b) ? special[b] : undefined
  if (x !== undefined || y !== undefined) {
    const [p, q] = [x ?? Number(a), y ?? Number(b)]
    if (Number.isNaN(p) || Number.isNaN(q)) return Number.isNaN(p) === Number.isNaN(q) ? 0 : Number.isNaN(p) ? 1 : -1
    return Math.sign(p - q)
  }
  const da = parseDecimal(a)
  const db = parseDecimal(b)
  if (!da || !db) return Math.sign(Number(a) - Number(b))
  const scale = Math.max(da.frac.length, db.frac.length)
  const value = d => (d.neg ? -1n : 1n) * BigInt(`${d.int}${d.frac.padEnd(scale, '0')}` || '0')
  const diff = value(da) - value(db)
  return diff === 0n ? 0 : diff < 0n ? -1 : 1
}

/**
 * The order the expected rows are in, key by key: `{ dirs: [1 asc | -1 desc | undefined],
 * nullsFirst: [bool | undefined], hasText }`, read off consecutive rows; undefined when they are
 * not sorted by the keys in one direction each (the reference orders by something else) or a
 * key's type has no order known here.
 */
export function orderModel(rows, keys, kinds) {
  const dirs = keys.map(() => undefined)
  const nullsFirst = keys.map(() => undefined)
  for (let i = 1; i < rows.length; i++) {
    for (const [j, k] of keys.entries()) {
      const [a, b] = [rows[i - 1][k], rows[i][k]]
      if (a === null && b === null) continue
      if (a === null || b === null) {
        if (nullsFirst[j] === undefined) nullsFirst[j] = a === null
        else if (nullsFirst[j] !== (a === null)) return undefined
        break
      }
      const c = compareValue(a, b, kinds[k], byteOrder)
      if (c === undefined) return undefined
      if (c === 0) continue
      if (dirs[j] === undefined) dirs[j] = -c
      else if (dirs[j] !== -c) return undefined
      break
    }
  }
  return { keys, kinds, dirs, nullsFirst, hasText: keys.some(k => kinds[k].family === 'text') }
}

/** Are `rows` in the order of `model`, text compared by `textOrder`? Ties on every key are free. */
export function isSorted(rows, model, textOrder) {
  return rows.every((row, i) => i === 0 || compareRows(rows[i - 1], row, model, textOrder) <= 0)
}

/** -1, 0 or 1 as `a` comes before, ties with or comes after `b` under `model`; 1 when it cannot say. */
export function compareRows(a, b, { keys, kinds, dirs, nullsFirst }, textOrder) {
  for (const [j, k] of keys.entries()) {
    const [x, y] = [a[k], b[k]]
    if (x === null && y === null) continue
    if (x === null || y === null) {
      if (nullsFirst[j] === undefined) return 1
      return (x === null) === nullsFirst[j] ? -1 : 1
    }
    const c = compareValue(x, y, kinds[k], textOrder)
    if (c === undefined) return 1
    if (c === 0) continue
    if (dirs[j] === undefined) return 1
    return c * dirs[j]
  }
  return 0
}
