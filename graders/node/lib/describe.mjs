// Pure text for diagnostics: what was sent, what came back. Learner data is shown
// truncated so a huge or binary body cannot flood the feedback.
import { STATUS_CODES } from 'node:http'

export const BODY_PREVIEW_CHARS = 1024
export const VALUE_PREVIEW_CHARS = 60
const ALWAYS_SHOWN_HEADERS = ['content-type', 'content-encoding', 'location']

export function truncate(text, maxChars) {
  if (text.length <= maxChars) return text
  return `${text.slice(0, maxChars)}… (${text.length - maxChars} more characters)`
}

/** A value on one line, short enough for a message: `"Buy milk"`, `false`, `{"id":1,…`. */
export function preview(value, maxChars = VALUE_PREVIEW_CHARS) {
  const text = value === undefined ? 'undefined' : JSON.stringify(value)
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`
}

/** Text on one line with control characters escaped, without quotes: for header values. */
export function previewText(text, maxChars = VALUE_PREVIEW_CHARS) {
  const escaped = JSON.stringify(String(text)).slice(1, -1)
  return escaped.length <= maxChars ? escaped : `${escaped.slice(0, maxChars - 1)}…`
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
export function requestLabel(request, note) {
  const label = `${request.method} ${request.path}`
  return note ? `${label} (${note})` : label
}

export function describeRequest(request) {
  const lines = [`${request.method} ${request.path}`]
  for (const [name, value] of Object.entries(request.headers)) lines.push(`${headerName(name)}: ${value}`)
  const body = request.json !== undefined ? JSON.stringify(request.json, null, 2) : request.body
  if (body !== undefined) lines.push('', truncate(body, BODY_PREVIEW_CHARS))
  return lines.join('\n')
}

// Control characters (other than whitespace) or undecodable bytes: compressed or binary data.
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
  if (!response.truncated) return truncate(response.text, BODY_PREVIEW_CHARS)
  return `${response.text.slice(0, BODY_PREVIEW_CHARS)}… (${size}: too large, the grader stopped reading)`
}

/** Status line, the headers that matter (plus `extraHeaders`), body; or why nothing came back. */
export function describeResponse(response, { extraHeaders = [] } = {}) {
  if (response.status === undefined) return `(${response.error.message})`
  const lines = [`HTTP/${response.httpVersion} ${response.status} ${response.statusText ?? ''}`.trimEnd()]
  const shown = new Set([...ALWAYS_SHOWN_HEADERS, ...extraHeaders.map(name => name.toLowerCase())])
  for (const name of shown) {
    const value = response.headers[name]
    if (value !== undefined) lines.push(`${headerName(name)}: ${value}`)
  }
  lines.push('', describeBody(response))
  if (response.jsonError && !response.truncated && !looksBinary(response.text)) lines.push('', `(not valid JSON: ${response.jsonError})`)
  if (response.error) lines.push('', `(then: ${response.error.message})`)
  return lines.join('\n')
}
