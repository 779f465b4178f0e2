// Bounds on what a report quotes. Whatever the learner's server answers (a 60 000-character id,
// a 15 KB header, bytes that are not UTF-8) is quoted at a bounded size, with a note of how much
// more there was, and in characters that survive the trip through TAP and YAML: the grader's
// report can only outgrow the worker's cap (GRADER_OUTPUT_CAP_BYTES) when the grader itself is
// broken, never because of what a learner sent.
//
// Two layers: the describe/curl helpers bound each value they quote, and boundFailures() (applied
// by run.mjs to tap's root test, so to every suite, whether or not it uses the library) bounds
// every failure's message and diagnostics, including those a suite builds itself.
import { ENV, testStartLine } from './protocol.mjs'

/** At most this many bytes (UTF-8) of one diagnostic field: request, expected, actual, curl… */
export const FIELD_MAX_BYTES = 4000
/** At most this many bytes of a failure's one-line message. */
export const MESSAGE_MAX_BYTES = 1500
/** At most this many bytes of one quoted header value, path or reason phrase. */
export const VALUE_MAX_BYTES = 300

/**
 * `text` cut to at most `maxBytes` bytes of UTF-8 (never inside a character), with a note of
 * how many bytes were left out: `abc… (1234 more bytes)`.
 */
export function bounded(text, maxBytes = FIELD_MAX_BYTES) {
  const s = String(text)
  // A character is at most 3 bytes per UTF-16 unit: short strings need no counting.
  if (s.length * 3 <= maxBytes) return s
  const bytes = Buffer.byteLength(s)
  if (bytes <= maxBytes) return s
  const room = Math.max(0, maxBytes - 24)
  let end = 0
  let used = 0
  for (const ch of s) {
    const size = Buffer.byteLength(ch)
    if (used + size > room) break
    used += size
    end += ch.length
  }
  return `${s.slice(0, end)}… (${bytes - used} more bytes)`
}

// Control characters a report should not carry raw (C0 but tab, newline and carriage return, DEL, C1 such as
// 0x85, which YAML reads as a line break, the Unicode line separators) and lone surrogates.
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** Text with control characters and lone surrogates shown as escapes (`\x85`, `\u2028`, `\ud800`). */
export function visible(text) {
  return String(text).replace(INVISIBLE, c => {
    const code = c.charCodeAt(0)
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
  })
}

/**
 * A header value (or reason phrase) as the bytes the server sent: Node reads them as Latin-1, so
 * UTF-8 in a header is decoded here, and every byte that is not part of valid UTF-8 is shown as
 * `\xNN`, as are control characters. One line, bounded.
 */
export function headerText(value, maxBytes = VALUE_MAX_BYTES) {
  const raw = String(value)
  // Code points above 0xff mean it was not read from the wire as Latin-1: show it as it is.
  // eslint-disable-next-line no-control-regex -- the Latin-1 range, NUL included
  if (/[^\u0000-\u00ff]/.test(raw)) return bounded(visible(raw).replace(/\n/g, '\\n').replace(/\t/g, '\\t'), maxBytes)
  const bytes = Buffer.from(raw, 'latin1')
  let out = ''
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0
    if (len === 1) {
      out += String.fromCharCode(b)
      i += 1
      continue
    }
    if (len > 1 && i + len <= bytes.length) {
      const seq = bytes.subarray(i, i + len)
      const ch = seq.toString('utf8')
      if (Buffer.from(ch, 'utf8').equals(seq)) {
        out += ch
        i += len
        continue
      }
    }
    out += `\\x${b.toString(16).padStart(2, '0')}`
    i += 1
  }
  return bounded(visible(out).replace(/\n/g, '\\n').replace(/\t/g, '\\t'), maxBytes)
}

/** A diagnostic value bounded: a string cut, anything else bounded as its JSON when it is large. */
function boundedValue(value, maxBytes) {
  if (typeof value === 'string') return bounded(visible(value), maxBytes)
  if (value === null || typeof value !== 'object') return value
  let json
  try {
    json = JSON.stringify(value)
  } catch {
    return '(a value that cannot be shown)'
  }
  if (json === undefined || Buffer.byteLength(json) <= maxBytes) return value
  return bounded(visible(json), maxBytes)
}

/** A failure's diagnostics with every field bounded (`at`, `stack` and `source` are the suite's). */
export function boundedDiagnostics(extra) {
  if (extra === null || typeof extra !== 'object') return extra
  const out = {}
  for (const [key, value] of Object.entries(extra)) {
    out[key] = key === 'at' ? value : boundedValue(value, FIELD_MAX_BYTES)
  }
  return out
}

/** A failure's message: one line, bounded. */
export function boundedMessage(message) {
  return typeof message === 'string' ? bounded(visible(message), MESSAGE_MAX_BYTES) : message
}

const BOUND = Symbol.for('backlab.boundFailures')

/**
 * Makes every failure reported through `t` (and its subtests, at any depth) bounded: tap's
 * assertions (equal, same, ok…) all end in t.fail or t.pass, which are replaced on each test object.
 * `onTopLevelStart(name)` is called as each direct subtest of `t` begins (before its function
 * runs), for the worker's test-start marks (see markTestStart).
 */
export function boundFailures(t, { onTopLevelStart } = {}) {
  if (t[BOUND]) return t
  const fail = t.fail.bind(t)
  t.fail = (message, extra) => fail(boundedMessage(message), boundedDiagnostics(extra))
  // A passing assertion's message may name what the server answered too (a path with its id).
  const pass = t.pass.bind(t)
  t.pass = (message, extra) => pass(boundedMessage(message), extra)
  const test = t.test.bind(t)
  t.test = (...args) => {
    const at = args.findIndex(a => typeof a === 'function')
    if (at >= 0) {
      const fn = args[at]
      const name = typeof args[0] === 'string' ? args[0] : fn.name
      args[at] = function (sub, ...rest) {
        boundFailures(sub)
        onTopLevelStart?.(name)
        return fn.call(this, sub, ...rest)
      }
    }
    return test(...args)
  }
  t[BOUND] = true
  return t
}

/**
 * Tells the worker, by this process's clock and before the test sends anything, that test `name`
 * begins: `# backlab-test-start <control token> <Date.now()> <name as JSON>` on a line of its own.
 * The worker notes where the learner's server log stood then, so what a hidden test made the
 * server log is never shown to the learner (services/grading/pod/run-pod.ts). The token (only the
 * worker and the grader know it) makes the line impossible for the learner's answers to forge.
 */
export function markTestStart(name, { env = process.env, output = process.stdout } = {}) {
  const token = env[ENV.controlToken]
  if (!token) return
  output.write(testStartLine(token, Date.now(), name))
}
