import fp from 'fastify-plugin'
import type { FastifyError } from 'fastify'
import type { FastifySchemaValidationError } from 'fastify/types/schema.js'
import { Errors, type ErrorCode } from '../../platform/errors.js'

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE'
}

/**
 * node-postgres's words when no connection came within connectionTimeoutMillis: every pooled one
 * was taken, or the server took the new one's TCP connection but did not answer in time (a loaded
 * host, slow to start a backend). Either way no query ran.
 */
const POOL_TIMEOUT = /^(timeout exceeded when trying to connect|Connection terminated due to connection timeout)$/
const BUSY_RETRY_AFTER_S = 2

/**
 * Every error leaves as `{ error: { code, message } }`. Client errors say what to fix; server
 * errors are logged in full and shown only as a generic message.
 */
declare module 'fastify' {
  interface FastifyRequest {
    /** Set by routes whose body limit is not BODY_LIMIT_BYTES, so a too-large body is told the right one. */
    bodyLimitFor?: { bytes: number, what: string }
  }
}

export default fp(async (app) => {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err.validation !== undefined) {
      const first = err.validation[0]
      const capped = first === undefined ? undefined : capRule(first)
      if (capped !== undefined) return reply.code(capped.status).send({ error: { code: capped.code, message: capped.message } })
      const where = `${err.validationContext ?? 'request'}${first?.instancePath.replaceAll('/', '.') ?? ''}`
      const what = first?.keyword === 'additionalProperties'
        ? `has an unknown field '${String(first.params.additionalProperty)}'`
        : first?.keyword === 'required'
          ? `is missing the required field '${String(first.params.missingProperty)}'`
          : (first?.message ?? 'is invalid')
      return reply.code(400).send({ error: { code: 'VALIDATION_FAILED', message: `${where} ${what}` } })
    }
    // A burst of requests (one client sending hundreds at once), or a host too loaded for the
    // database to take a connection in time: the request never reached the database, so it is an
    // overload to retry, not a fault.
    if (err.statusCode === undefined && POOL_TIMEOUT.test(err.message)) {
      request.log.warn({ err }, 'database pool exhausted; answered 503')
      void reply.header('retry-after', String(BUSY_RETRY_AFTER_S))
      const busy = new Errors.SERVICE_BUSY(BUSY_RETRY_AFTER_S)
      return reply.code(503).send({ error: { code: busy.code, message: busy.message } })
    }
    const status = err.statusCode ?? 500
    const retryAfter = (err as { retryAfterSeconds?: unknown }).retryAfterSeconds
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter))
    if (status === 401) {
      void reply.header('www-authenticate', err.code === 'INVALID_TOKEN' ? 'Bearer realm="backlab", error="invalid_token"' : 'Bearer realm="backlab"')
    }
    // A 503 of our own (the queue is full) says what to do; any other 5xx is a fault, not shown.
    if (status >= 500 && !(status === 503 && err.code in Errors)) {
      request.log.error({ err }, 'request failed')
      return reply.code(status).send({ error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side. It has been logged.' } })
    }
    const code = FASTIFY_CODES[err.code] ?? err.code
    const message = code === 'INVALID_JSON'
      ? `The request body is not valid JSON. ${err.message}`
      : code === 'BODY_TOO_LARGE'
        ? `The request body is larger than ${request.bodyLimitFor?.bytes ?? app.config.BODY_LIMIT_BYTES} bytes, the most ${request.bodyLimitFor?.what ?? 'a submission'} may be.`
        : err.message
    const problems = (err as { problems?: unknown }).problems
    return reply.code(status).send({ error: { code, message, ...(Array.isArray(problems) && { problems }) } })
  })

  app.setNotFoundHandler((request, reply) => {
    return reply.code(404).send({
      error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}. The API is documented at /docs.` }
    })
  })
}, { name: 'error-handler' })

/** The submission caps get their own codes, so a client can tell which rule it broke. */
function capRule (e: FastifySchemaValidationError): { status: number, code: ErrorCode, message: string } | undefined {
  if (e.keyword === 'maxProperties' && e.instancePath === '/files') {
    return { status: 400, code: 'TOO_MANY_FILES', message: `A submission may contain at most ${String(e.params.limit)} files.` }
  }
  if (e.keyword === 'maxLength' && e.instancePath.startsWith('/files/')) {
    const path = e.instancePath.slice('/files/'.length).replaceAll('~1', '/').replaceAll('~0', '~')
    return {
      status: 413,
      code: 'FILE_TOO_LARGE',
      message: `File '${path}' is longer than ${String(e.params.limit)} characters, the most one file may be.`
    }
  }
  return undefined
}
