import http from 'node:http'
import { targetUrl } from './target.mjs'
import { noteTimedWait, scaled } from './timing.mjs'

export const DEFAULT_TIMEOUT_MS = 2000
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024
// A server that hangs on every request would cost the full timeout in every test and push
// the suite past the platform's deadline, losing every result. After a few requests got
// no answer, the rest wait less: a working server answers in milliseconds.
export const HANGS_BEFORE_SHORTER_TIMEOUT = 3
export const SHORTER_TIMEOUT_MS = 500

let requestsTimedOut = 0

/** One line saying what went wrong on the wire, in words a learner can act on. */
export function describeNetworkError(error, { responseStarted = false } = {}) {
  const { code } = error
  if (code === 'ECONNREFUSED') {
    return 'connection refused — did your server crash? (see the server log)'
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return responseStarted
      ? 'the server closed the connection before the response body was complete'
      : 'the server closed the connection without sending a response — did it crash? (see the server log)'
  }
  if (typeof code === 'string' && code.startsWith('HPE_')) {
    return `the response is not valid HTTP (${error.reason || error.message})`
  }
  return `the request failed (${[code, error.message].filter(Boolean).join(': ')})`
}

export function describeTimeout(timeoutMs, { responseStarted = false, status, shortened = false } = {}) {
  const why = shortened ? ` (shortened after ${HANGS_BEFORE_SHORTER_TIMEOUT} requests got no answer)` : ''
  return responseStarted
    ? `the response started (status ${status}) but its body did not end within ${timeoutMs} ms${why}`
    : `no response within ${timeoutMs} ms${why}`
}

function hasHeader(headers, name) {
  return Object.keys(headers).some(key => key.toLowerCase() === name)
}

function parseJsonBody(result, maxBodyBytes) {
  if (result.truncated) {
    result.jsonError = `the body is over ${maxBodyBytes} bytes, so it was not read to the end`
    return
  }
  if (result.text.trim() === '') return
  try {
    result.json = JSON.parse(result.text)
  } catch (error) {
    result.jsonError = error.message
  }
}

/**
 * Sends one request to the learner's server. Never rejects: a refused, reset or hanging
 * connection is the learner's result (reported in `error`), not a grader failure.
 * Fresh connection per request (no keep-alive), no redirects followed, no decompression.
 */
export function request({
  method = 'GET',
  path,
  json,
  body,
  headers = {},
  timeoutMs: requestedTimeoutMs = DEFAULT_TIMEOUT_MS,
  maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
  target = targetUrl(),
}) {
  // On a busy host every wait is stretched by the worker's measure of the load (timing.mjs).
  const shortened = requestsTimedOut >= HANGS_BEFORE_SHORTER_TIMEOUT && requestedTimeoutMs > SHORTER_TIMEOUT_MS
  const timeoutMs = scaled(shortened ? SHORTER_TIMEOUT_MS : requestedTimeoutMs)
  const sentHeaders = { ...headers }
  let payload = body
  if (json !== undefined) {
    payload = JSON.stringify(json)
    if (!hasHeader(sentHeaders, 'content-type')) sentHeaders['Content-Type'] = 'application/json'
  }

  const result = {
    request: { method, path, headers: sentHeaders, json, body: payload },
    status: undefined,
    statusText: undefined,
    httpVersion: undefined,
    headers: {},
    text: '',
    bodyBytes: 0,
    json: undefined,
    jsonError: undefined,
    durationMs: 0,
    truncated: false,
    error: undefined,
  }

  return new Promise(resolve => {
    const started = performance.now()
    const chunks = []
    let received = 0
    let settled = false
    let req

    const settle = error => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      req?.destroy()
      result.durationMs = Math.round(performance.now() - started)
      const raw = Buffer.concat(chunks)
      result.bodyBytes = raw.length
      result.text = raw.toString('utf8')
      if (error) result.error = error
      else parseJsonBody(result, maxBodyBytes)
      resolve(result)
    }
    const responseStarted = () => result.status !== undefined
    const onError = error =>
      settle({
        code: error.code ?? 'ERROR',
        message: describeNetworkError(error, { responseStarted: responseStarted() }),
      })

    const timer = setTimeout(() => {
      requestsTimedOut++
      noteTimedWait()
      settle({
        code: 'TIMEOUT',
        message: describeTimeout(timeoutMs, { responseStarted: responseStarted(), status: result.status, shortened }),
      })
    }, timeoutMs)

    const requestHeaders = { ...sentHeaders }
    if (payload !== undefined) requestHeaders['Content-Length'] = Buffer.byteLength(payload)
    try {
      req = http.request(
        {
          host: target.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: target.port || 80,
          method,
          path,
          headers: requestHeaders,
          // agent: false sends `Connection: close` on a fresh socket, so one broken response
          // cannot leak into the next test's request.
          agent: false,
        },
        res => {
          result.status = res.statusCode
          result.statusText = res.statusMessage
          result.httpVersion = res.httpVersion
          result.headers = res.headers
          res.on('data', chunk => {
            const room = maxBodyBytes - received
            if (chunk.length > room) {
              chunks.push(chunk.subarray(0, room))
              result.truncated = true
              settle()
              return
            }
            chunks.push(chunk)
            received += chunk.length
          })
          res.on('end', () => settle())
          res.on('error', onError)
        },
      )
    } catch (error) {
      // http.request throws at once for a path or header it cannot send (a space, a newline,
      // a non-Latin-1 character), e.g. one built from an id the learner's server returned.
      settle({ code: error.code ?? 'INVALID_REQUEST', message: `the request could not be sent: ${error.message}` })
      return
    }
    req.on('error', onError)
    req.end(payload)
  })
}
