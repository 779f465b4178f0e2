// Assertions over one response. Each one passes with t.pass, or fails with t.fail carrying
// the diagnostic fields of graders/README.md: request, expected, actual, curl. All return
// a boolean so a suite can stop at the first failure: `expectStatus(…) && expectJsonBody(…)`.
import { boundedDiagnostics, boundedMessage } from './bounded.mjs'
import { isJsonContentType } from './content-type.mjs'
import { buildCurl } from './curl.mjs'
import {
  describeRequest,
  describeResponse,
  headerName,
  preview,
  previewHeader,
  requestLabel,
  statusWithReason,
} from './describe.mjs'
import { describeShape, matchShape } from './shape.mjs'

/**
 * `const test = graded(t)` gives `test(name, fn)`: a top-level t.test whose failure does not
 * make tap print the call site and lines of the suite's source into the TAP stream.
 */
export function graded(t) {
  // tap keeps and mutates the options object, so each test needs its own.
  return (name, fn) => t.test(name, { at: null }, fn)
}

/** The diagnostic fields for a failure about `response` (pure; see graders/README.md). */
export function failureDiagnostics(response, expected, { extraHeaders } = {}) {
  return {
    request: describeRequest(response.request),
    expected,
    actual: describeResponse(response, { extraHeaders }),
    curl: buildCurl(response.request),
  }
}

/**
 * Fails `t` with a one-line `message` and the diagnostics of `response`, each bounded whatever
 * the learner's server answered (bounded.mjs). Returns false.
 */
export function reportFailure(t, response, { message, expected, extraHeaders }) {
  t.fail(boundedMessage(message), { at: null, ...boundedDiagnostics(failureDiagnostics(response, expected, { extraHeaders })) })
  return false
}

function failIfNoResponse(t, response, note, expected) {
  if (!response.error) return false
  reportFailure(t, response, {
    message: `${requestLabel(response.request, note)} failed: ${response.error.message}`,
    expected,
  })
  return true
}

/** For checks a suite makes itself (ordering, uniqueness, …). */
export function expectThat(t, response, condition, { message, expected, pass = 'as expected' }) {
  if (condition) {
    t.pass(pass)
    return true
  }
  return reportFailure(t, response, { message, expected })
}

/**
 * `status` may be a list: any of them passes, the first is the one the instructions ask for
 * (setup requests use that to tolerate a mistake another test reports).
 */
export function expectStatus(t, response, status, { note, expected } = {}) {
  const accepted = [status].flat()
  const wanted = accepted[0]
  expected ??= `status ${statusWithReason(wanted)}`
  if (failIfNoResponse(t, response, note, expected)) return false
  const label = requestLabel(response.request, note)
  if (accepted.includes(response.status)) {
    t.pass(`${label} answered ${response.status}`)
    return true
  }
  return reportFailure(t, response, { message: `${label} returned ${response.status}, expected ${wanted}`, expected })
}

/** Why the body is not usable JSON, or null. */
function jsonBodyProblem(response) {
  if (response.truncated) return 'a body too large to read'
  if (response.text.trim() === '') return 'an empty body'
  if (response.jsonError) return 'a body that is not valid JSON'
  return null
}

/** The body parses as JSON (whatever the Content-Type). */
export function expectJsonBody(t, response, { note, expected = 'a JSON body' } = {}) {
  if (failIfNoResponse(t, response, note, expected)) return false
  const label = requestLabel(response.request, note)
  const problem = jsonBodyProblem(response)
  if (problem) return reportFailure(t, response, { message: `${label} returned ${problem}, expected JSON`, expected })
  t.pass(`${label} answered a JSON body`)
  return true
}

/** `Content-Type: application/json` (any parameters, any case) and a body that parses. */
export function expectJson(t, response, { note, expected = 'Content-Type: application/json and a JSON body' } = {}) {
  if (failIfNoResponse(t, response, note, expected)) return false
  const label = requestLabel(response.request, note)
  const contentType = response.headers['content-type']
  if (!isJsonContentType(contentType)) {
    const got = contentType === undefined ? 'no Content-Type header' : `Content-Type: ${previewHeader(contentType)}`
    return reportFailure(t, response, { message: `${label} returned ${got}, expected application/json`, expected })
  }
  return expectJsonBody(t, response, { note, expected })
}

/** `want` is the exact value (surrounding whitespace ignored) or a matcher from shape.mjs. */
export function expectHeader(t, response, name, want, { note, expected } = {}) {
  const wantText = typeof want === 'string' ? want : want.description
  expected ??= `a ${headerName(name)} header: ${wantText}`
  if (failIfNoResponse(t, response, note, expected)) return false
  const label = requestLabel(response.request, note)
  const value = response.headers[name.toLowerCase()]
  const fail = got =>
    reportFailure(t, response, { message: `${label} returned ${got}, expected ${wantText}`, expected, extraHeaders: [name] })
  if (value === undefined) return fail(`no ${headerName(name)} header`)
  const text = String(value).trim()
  if (typeof want === 'string' ? text !== want : !want.test(text)) {
    return fail(`${headerName(name)}: ${previewHeader(text)}`)
  }
  t.pass(`${label} answered a matching ${headerName(name)} header`)
  return true
}

/**
 * The JSON body (or `options.value`, found at `options.path` in it) fits `shape` (see
 * shape.mjs). Call after expectJsonBody; a body that is not JSON fails here too.
 */
export function expectBodyMatches(t, response, shape, options = {}) {
  const { note, path = 'body' } = options
  // Not a default parameter: an explicit `value: undefined` must be checked, not replaced.
  const value = Object.hasOwn(options, 'value') ? options.value : response.json
  const expected = options.expected ?? describeShape(shape)
  if (failIfNoResponse(t, response, note, expected)) return false
  const label = requestLabel(response.request, note)
  const problem = jsonBodyProblem(response)
  if (problem) return reportFailure(t, response, { message: `${label} returned ${problem}, expected JSON`, expected })
  const mismatch = matchShape(value, shape, path)
  if (mismatch) {
    const got = mismatch.missing ? `no ${mismatch.path}` : `${mismatch.path} = ${preview(mismatch.actual)}`
    return reportFailure(t, response, { message: `${label} returned ${got}, expected ${mismatch.expected}`, expected })
  }
  t.pass(`${label} answered the expected ${path}`)
  return true
}

export function expectEmptyBody(t, response, { note, expected = 'no body at all' } = {}) {
  if (failIfNoResponse(t, response, note, expected)) return false
  const label = requestLabel(response.request, note)
  if (response.bodyBytes > 0) {
    const size = `${response.truncated ? 'an over-' : 'a '}${response.bodyBytes}-byte`
    return reportFailure(t, response, { message: `${label} returned ${size} body, expected an empty body`, expected })
  }
  t.pass(`${label} answered an empty body`)
  return true
}
