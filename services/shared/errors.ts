import createError from '@fastify/error'

/**
 * Every error the API answers with, in one place. The code is what clients match on;
 * the message says what to fix. 5xx messages are never shown (see the API's error handler).
 */
export const Errors = {
  EXERCISE_NOT_FOUND: createError('EXERCISE_NOT_FOUND', "Exercise '%s' does not exist. GET /api/v1/exercises lists the exercises.", 404),
  SUBMISSION_NOT_FOUND: createError('SUBMISSION_NOT_FOUND', "Submission '%s' does not exist.", 404),
  INVALID_FILE_PATH: createError('INVALID_FILE_PATH', '%s', 400),
  FILE_NOT_ALLOWED: createError('FILE_NOT_ALLOWED', '%s', 400),
  REQUIRED_FILE_MISSING: createError('REQUIRED_FILE_MISSING', '%s', 400),
  RUNTIME_NOT_ACCEPTED: createError('RUNTIME_NOT_ACCEPTED', "Exercise '%s' cannot be solved in %s; it accepts: %s.", 400),
  PATH_TOO_LONG: createError('PATH_TOO_LONG', '%s', 400)
} as const

export type ErrorCode = keyof typeof Errors | 'VALIDATION_FAILED' | 'INVALID_JSON' | 'BODY_TOO_LARGE' |
  'TOO_MANY_FILES' | 'FILE_TOO_LARGE' |
  'UNSUPPORTED_MEDIA_TYPE' | 'NOT_FOUND' | 'INTERNAL_ERROR'
