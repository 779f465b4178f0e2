// Partial matching of JSON bodies: a shape lists the fields the instructions require,
// so extra fields in a learner's response are always fine.
import { preview } from './describe.mjs'

const MATCHER = Symbol('backlab.matcher')

/** A field requirement that is not a single value, e.g. "an id (a number or a non-empty string)". */
export function matcher(description, test) {
  return { [MATCHER]: true, description, test }
}

export const anyId = matcher(
  'an id (a number or a non-empty string)',
  value => (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value !== ''),
)

export const nonEmptyString = matcher(
  'a non-empty string',
  value => typeof value === 'string' && value.trim() !== '',
)

const isMatcher = shape => Boolean(shape?.[MATCHER])
const isObject = value => value !== null && typeof value === 'object' && !Array.isArray(value)

function describeExpected(shape) {
  if (isMatcher(shape)) return shape.description
  if (isObject(shape)) return 'a JSON object'
  return preview(shape)
}

/**
 * The first place where `value` does not fit `shape`, as `{ path, expected, actual, missing }`,
 * or null when it fits. Objects match partially; other values must be identical.
 */
export function matchShape(value, shape, path = 'body') {
  if (isMatcher(shape)) {
    return shape.test(value) ? null : { path, expected: shape.description, actual: value, missing: false }
  }
  if (isObject(shape)) {
    if (!isObject(value)) return { path, expected: 'a JSON object', actual: value, missing: false }
    for (const [key, fieldShape] of Object.entries(shape)) {
      const fieldPath = `${path}.${key}`
      if (!Object.hasOwn(value, key)) {
        return { path: fieldPath, expected: describeExpected(fieldShape), actual: undefined, missing: true }
      }
      const mismatch = matchShape(value[key], fieldShape, fieldPath)
      if (mismatch) return mismatch
    }
    return null
  }
  return Object.is(value, shape) ? null : { path, expected: preview(shape), actual: value, missing: false }
}

/** The shape as the `expected` text of a diagnostic. */
export function describeShape(shape, indent = '') {
  if (!isObject(shape) || isMatcher(shape)) return describeExpected(shape)
  const fields = Object.entries(shape).map(
    ([key, fieldShape]) => `${indent}  ${key}: ${describeShape(fieldShape, `${indent}  `)}`,
  )
  return [`a JSON object with (other fields are fine):`, ...fields].join('\n')
}
