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
  PATH_TOO_LONG: createError('PATH_TOO_LONG', '%s', 400),
  AUTH_REQUIRED: createError('AUTH_REQUIRED', 'This needs an account: send Authorization: Bearer <token>. Get a token with POST /api/v1/tokens (email and password), or sign up with POST /api/v1/users.', 401),
  INVALID_TOKEN: createError('INVALID_TOKEN', 'The bearer token is unknown or was revoked. Log in again (POST /api/v1/tokens) for a new one.', 401),
  LOGIN_THROTTLED: createError('LOGIN_THROTTLED', 'Too many failed logins for this email. Try again in %s s.', 429),
  INVALID_CREDENTIALS: createError('INVALID_CREDENTIALS', 'The email or the password is wrong.', 401),
  FORBIDDEN: createError('FORBIDDEN', '%s', 403),
  EMAIL_TAKEN: createError('EMAIL_TAKEN', "An account for '%s' already exists. Log in with POST /api/v1/tokens.", 409),
  USER_NOT_FOUND: createError('USER_NOT_FOUND', "User '%s' does not exist.", 404),
  TOKEN_NOT_FOUND: createError('TOKEN_NOT_FOUND', "You have no live token '%s'. GET /api/v1/tokens lists yours.", 404),
  RATE_LIMITED: createError('RATE_LIMITED', 'You made %s submissions in the last minute, the most allowed. Try again in %s s.', 429),
  TOO_MANY_QUEUED: createError('TOO_MANY_QUEUED', 'You have %s submissions waiting to be graded, the most allowed at once. Wait for one to finish (about %s s).', 429),
  QUEUE_FULL: createError('QUEUE_FULL', 'Backlab has more submissions waiting than it can grade soon (%s). Try again in %s s; nothing was stored.', 503)
} as const

/** Errors that tell the client when to come back: the error handler sends this as Retry-After. */
export function withRetryAfter<E extends Error> (err: E, seconds: number): E & { retryAfterSeconds: number } {
  return Object.assign(err, { retryAfterSeconds: Math.max(1, Math.ceil(seconds)) })
}

export type ErrorCode = keyof typeof Errors | 'VALIDATION_FAILED' | 'INVALID_JSON' | 'BODY_TOO_LARGE' |
  'TOO_MANY_FILES' | 'FILE_TOO_LARGE' |
  'UNSUPPORTED_MEDIA_TYPE' | 'NOT_FOUND' | 'INTERNAL_ERROR'
