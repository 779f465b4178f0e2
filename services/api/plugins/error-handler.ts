import fp from 'fastify-plugin'
import type { FastifyError } from 'fastify'
import type { ErrorCode } from '../../shared/errors.js'

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE'
}

/**
 * Every error leaves as `{ error: { code, message } }`. Client errors say what to fix; server
 * errors are logged in full and shown only as a generic message.
 */
export default fp(async (app) => {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err.validation !== undefined) {
      const first = err.validation[0]
      const where = `${err.validationContext ?? 'request'}${first?.instancePath.replaceAll('/', '.') ?? ''}`
      const what = first?.keyword === 'additionalProperties'
        ? `has an unknown field '${String(first.params.additionalProperty)}'`
        : first?.keyword === 'required'
          ? `is missing the required field '${String(first.params.missingProperty)}'`
          : (first?.message ?? 'is invalid')
      return reply.code(400).send({ error: { code: 'VALIDATION_FAILED', message: `${where} ${what}` } })
    }
    const status = err.statusCode ?? 500
    if (status >= 500) {
      request.log.error({ err }, 'request failed')
      return reply.code(status).send({ error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side. It has been logged.' } })
    }
    const code = FASTIFY_CODES[err.code] ?? err.code
    const message = code === 'INVALID_JSON'
      ? `The request body is not valid JSON. ${err.message}`
      : code === 'BODY_TOO_LARGE'
        ? `The request body is larger than ${app.config.BODY_LIMIT_BYTES} bytes, the most a submission may be.`
        : err.message
    return reply.code(status).send({ error: { code, message } })
  })

  app.setNotFoundHandler((request, reply) => {
    return reply.code(404).send({
      error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}. The API is documented at /docs.` }
    })
  })
}, { name: 'error-handler' })
