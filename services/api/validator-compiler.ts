import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifySchema, FastifySchemaCompiler } from 'fastify'

/**
 * JSON bodies are validated strictly (a number where a file's text belongs is an error, not
 * something to coerce); query strings, params and headers arrive as text and are coerced.
 * Neither strips unknown fields: a request with fields it should not send is refused.
 */
function makeAjv (coerceTypes: boolean | 'array'): Ajv {
  const ajv = new Ajv({ coerceTypes, useDefaults: true, removeAdditional: false, allErrors: false, strict: false })
  addFormats.default(ajv)
  return ajv
}

const strict = makeAjv(false)
const coercing = makeAjv('array')

export const validatorCompiler: FastifySchemaCompiler<FastifySchema> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strict : coercing).compile(schema as object)
