import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { Static, TSchema } from '@sinclair/typebox'

// One Ajv instance for the boundaries the HTTP layer does not cover (manifests, grader results).
const ajv = new Ajv({ allErrors: true, strict: false })
addFormats.default(ajv)

export type Check<T> = (value: unknown) => { ok: true, value: T } | { ok: false, errors: string[] }

/** Compiles a schema once and returns a checker whose errors name the field that is wrong. */
export function compileCheck<S extends TSchema> (schema: S): Check<Static<S>> {
  const validate: ValidateFunction = ajv.compile(schema)
  return (value) => validate(value)
    ? { ok: true, value: value as Static<S> }
    : { ok: false, errors: (validate.errors ?? []).map(describeError) }
}

export function describeError (error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath.slice(1).replaceAll('/', '.')
  if (error.keyword === 'additionalProperties') {
    return `${where}: unknown field '${String(error.params.additionalProperty)}'`
  }
  if (error.keyword === 'required') {
    return `${where}: missing required field '${String(error.params.missingProperty)}'`
  }
  if (error.keyword === 'enum' || error.keyword === 'const') {
    const allowed = (error.params.allowedValues ?? [error.params.allowedValue]) as unknown[]
    return `${where}: must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`
  }
  return `${where}: ${error.message ?? 'is invalid'}`
}
