// Text from a learner's bytes on its way to Postgres. A text or jsonb column refuses a NUL
// ("invalid byte sequence for encoding UTF8", "unsupported Unicode escape sequence") and jsonb a
// lone UTF-16 surrogate (which JSON.stringify writes as an escape, and a cut in the middle of an
// emoji leaves behind). Bytes that are not UTF-8 were replaced when they were decoded. Whatever a
// learner's code prints or answers is data to show, never a reason for a grading to fail.

import { UNSTORABLE as UNSTORABLE_TEXT } from '../platform/text-rules.js'

// A NUL; a high surrogate not followed by a low one; a low surrogate not preceded by a high one.
const UNSTORABLE = new RegExp(UNSTORABLE_TEXT.source, 'g')

/**
 * The same text with every NUL shown as ␀ (U+2400, SYMBOL FOR NULL) and every lone surrogate as
 * U+FFFD: one UTF-16 unit for one, so lengths (and the schema's limits) do not change.
 */
export function storableText (text: string): string {
  return text.replace(UNSTORABLE, (c) => c === '\u0000' ? '\u2400' : '\ufffd')
}

/** A string cut to at most `max` UTF-16 units, never in the middle of a surrogate pair. */
export function cutText (text: string, max: number): string {
  if (text.length <= max) return text
  const end = /[\ud800-\udbff]/.test(text.charAt(max - 1)) ? max - 1 : max
  return text.slice(0, end)
}

/** Every string in a JSON-like value made storable (objects and arrays are copied, not changed). */
export function storableValue<T> (value: T): T {
  if (typeof value === 'string') return storableText(value) as T
  if (Array.isArray(value)) return value.map((v: unknown) => storableValue(v)) as T
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), storableValue(v)])) as T
  }
  return value
}
