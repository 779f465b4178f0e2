// Pure text for diagnostics: what was sent, what came back. Learner data is shown
// truncated so a huge or binary body cannot flood the feedback: every value is bounded (see
// bounded.mjs), and bytes that are not text are shown as escapes.
import { STATUS_CODES } from 'node:http'
import { bounded, FIELD_MAX_BYTES, headerText, VALUE_MAX_BYTES, visible } from './bounded.mjs'

export const BODY_PREVIEW_CHARS = 1024
export const VALUE_PREVIEW_CHARS = 60
const ALWAYS_SHOWN_HEADERS = ['content-type', 'content-encoding', 'location']

export function truncate(text, maxChars) {
  if (text.length <= maxChars) return text
  const end = /[\ud800-\udbff]/.test(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars
  return `${text.slice(0, end)}… (${text.length - end} more characters)`
}

/** The first `maxChars` characters of `text` and `…`, never cutting a surrogate pair in half. */
function cutChars(text, maxChars) {
  if (text.length <= maxChars) return text
  const end = /[\ud800-\udbff]/.test(text.charAt(maxChars - 2)) ? maxChars - 2 : maxChars - 1
  return `${text.slice(0, end)}…`
}

/** A value on one line, short enough for a message: `"Buy milk"`, `false`, `{"id":1,…`. */
export function preview(value, maxChars = VALUE_PREVIEW_CHARS) {
  let text
  try {
    text = value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value))
  } catch {
    text = String(value)
  }
  return cutChars(visible(text), maxChars)
}

/** Text on one line with control characters escaped, without quotes. */
export function previewText(text, maxChars = VALUE_PREVIEW_CHARS) {
  return cutChars(visible(JSON.stringify(String(text)).slice(1, -1)), maxChars)
}

/** A header value as the bytes the server sent (not UTF-8: `\xNN`), on one line, short enough for a message. */
export function previewHeader(value, maxChars = VALUE_PREVIEW_CHARS) {
  return cutChars(headerText(value, maxChars * 4), maxChars)
}

/** What kind of JSON value this is, for messages: `a JSON object`, `a string`, `null`. */
export function kindOf(value) {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a JSON array'
  if (typeof value === 'object') return 'a JSON object'
  return `a ${typeof value}`
}

/** `content-type` → `Content-Type`. */
// Headers whose usual spelling is not plain Title-Case.
const HEADER_SPELLINGS = new Map(
  ['WWW-Authenticate', 'ETag', 'Content-MD5', 'DNT', 'TE', 'X-XSS-Protection'].map(name => [
    name.toLowerCase(),
    name,
  ]),
)

export function headerName(name) {
  const lower = name.toLowerCase()
  return (
    HEADER_SPELLINGS.get(lower) ?? lower.replace(/(^|-)([a-z])/g, (_, dash, letter) => dash + letter.toUpperCase())
  )
}

export function statusWithReason(status) {
  return STATUS_CODES[status] ? `${status} ${STATUS_CODES[status]}` : String(status)
}

/** `METHOD /path` plus a note saying why a request was sent, for one-line messages. */
/** A path the grader sent (it may hold an id the learner's server chose): one line, bounded. */
export function pathText(path) {
  return bounded(visible(String(path)), VALUE_MAX_BYTES)
}

export function requestLabel(request, note) {
  const label = `${request.method} ${pathText(request.path)}`
  return note ? `${label} (${note})` : label
}

/** At most this many bytes of a header value the grader sent (a token or cookie the server issued). */
const SENT_HEADER_MAX_BYTES = 1200

export function describeRequest(request) {
  const lines = [`${request.method} ${pathText(request.path)}`]
  for (const [name, value] of Object.entries(request.headers)) {
    lines.push(`${headerName(name)}: ${bounded(visible(String(value)), SENT_HEADER_MAX_BYTES)}`)
  }
  const body = request.json !== undefined ? JSON.stringify(request.json, null, 2) : request.body
  if (body !== undefined) lines.push('', visible(truncate(body, BODY_PREVIEW_CHARS)))
  return bounded(lines.join('\n'), FIELD_MAX_BYTES)
}

// Control characters (other than whitespace) or undecodable bytes: compressed or binary data.
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const BINARY = /[\u0000-\u0008\u000e-\u001f\ufffd]/

/** True when the body cannot usefully be shown as text. */
export function looksBinary(text) {
  return BINARY.test(text)
}

function describeBody(response) {
  if (response.text === '') return '(empty body)'
  const size = `${response.truncated ? 'over ' : ''}${response.bodyBytes} bytes`
  // The body cap can cut a multi-byte character in half; that is not binary data.
  const text = response.truncated ? response.text.replace(/\uFFFD+$/, '') : response.text
  if (looksBinary(text)) return `(${size} of binary data, not text)`
  if (!response.truncated) return visible(truncate(response.text, BODY_PREVIEW_CHARS))
  return `${visible(truncate(response.text, BODY_PREVIEW_CHARS).replace(/… \(\d+ more characters\)$/, ''))}… (${size}: too large, the grader stopped reading)`
}

/** Status line, the headers that matter (plus `extraHeaders`), body; or why nothing came back. */
export function describeResponse(response, { extraHeaders = [] } = {}) {
  if (response.status === undefined) return bounded(`(${response.error.message})`, FIELD_MAX_BYTES)
  const lines = [`HTTP/${response.httpVersion} ${response.status} ${headerText(response.statusText ?? '')}`.trimEnd()]
  const shown = new Set([...ALWAYS_SHOWN_HEADERS, ...extraHeaders.map(name => name.toLowerCase())])
  for (const name of shown) {
    const value = response.headers[name]
    // Set-Cookie comes as a list: one line each.
    for (const one of [value ?? []].flat()) lines.push(`${headerName(name)}: ${headerText(one)}`)
  }
  lines.push('', describeBody(response))
  if (response.jsonError && !response.truncated && !looksBinary(response.text)) lines.push('', `(not valid JSON: ${response.jsonError})`)
  if (response.error) lines.push('', `(then: ${response.error.message})`)
  return bounded(lines.join('\n'), FIELD_MAX_BYTES)
}
