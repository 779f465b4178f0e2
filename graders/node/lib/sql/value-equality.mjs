// When a learner's value equals the expected one: numbers by value (exactly, or within the
// task's tolerance; floats with a hair for binary noise), text with or without case and char(n)
// padding, json by value, NULL only to NULL. Its own module because row matching, the order check
// and the hints must all agree on what "equal" means.

import { canonicalDecimal } from './decimal-text.mjs'

/** Two values (PostgreSQL's text, or null) of columns of `kind` under rules `r`. */
export function equalValues(a, b, kind, r) {
  if (a === null || b === null) return a === b
  if (a === b) return true // NaN, Infinity, and every value written the same way
  if (kind.family === 'number') {
    // Exact types (integers, numeric) compare exactly, digit by digit: Number() would make
    // 12345678901234567 equal 12345678901234568. Floats get a hair for binary noise (0.1 + 0.2).
    if (!kind.float && r.tolerance === 0) return canonicalDecimal(a) === canonicalDecimal(b)
    const x = Number(a)
    const y = Number(b)
    if (!Number.isFinite(x) || !Number.isFinite(y)) return false
    const hair = kind.float ? 1e-9 * Math.max(1, Math.abs(x), Math.abs(y)) : 0
    return Math.abs(x - y) <= r.tolerance + hair
  }
  if (kind.family === 'text') {
    // char(n) pads with spaces, and PostgreSQL compares it without them.
    const [x, y] = kind.padded ? [a.trimEnd(), b.trimEnd()] : [a, b]
    return r.textCase === 'ignore' ? x.toLowerCase() === y.toLowerCase() : x === y
  }
  if (kind.family === 'json') return canonicalJson(a) === canonicalJson(b)
  return false
}

/** json keeps its text as written, jsonb normalises it: compare the values, keys in any order. */
function canonicalJson(text) {
  try {
    return JSON.stringify(JSON.parse(text), (_, value) =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.keys(value).sort().map(k => [k, value[k]]))
        : value)
  } catch {
    return text
  }
}
