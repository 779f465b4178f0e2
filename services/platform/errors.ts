import createError from '@fastify/error'

/**
 * Every error the API answers with, in one place. The code is what clients match on;
 * the message says what to fix. 5xx messages are never shown (see the API's error handler).
 */
export const Errors = {
  EXERCISE_NOT_FOUND: createError('EXERCISE_NOT_FOUND', "Exercise '%s' does not exist. GET /api/v1/exercises lists the exercises.", 404),
  SUBMISSION_NOT_FOUND: createError('SUBMISSION_NOT_FOUND', "Submission '%s' does not exist.", 404),
  INVALID_FILE_PATH: createError('INVALID_FILE_PATH', '%s', 400),
  INVALID_TEXT: createError('INVALID_TEXT', '%s', 400),
  FILE_NOT_ALLOWED: createError('FILE_NOT_ALLOWED', '%s', 400),
  REQUIRED_FILE_MISSING: createError('REQUIRED_FILE_MISSING', '%s', 400),
  RUNTIME_NOT_ACCEPTED: createError('RUNTIME_NOT_ACCEPTED', "Exercise '%s' cannot be solved in %s; it accepts: %s.", 400),
  PATH_TOO_LONG: createError('PATH_TOO_LONG', '%s', 400),
  AUTH_REQUIRED: createError('AUTH_REQUIRED', 'This needs an account: send Authorization: Bearer <token>. Get a token with POST /api/v1/tokens (email and password), or sign up with POST /api/v1/users.', 401),
  INVALID_TOKEN: createError('INVALID_TOKEN', 'The bearer token is unknown or was revoked. Log in again (POST /api/v1/tokens) for a new one.', 401),
  LOGIN_THROTTLED: createError('LOGIN_THROTTLED', 'Too many failed logins for this email. Try again in %s s.', 429),
  INVALID_CREDENTIALS: createError('INVALID_CREDENTIALS', 'The email or the password is wrong.', 401),
  FORBIDDEN: createError('FORBIDDEN', '%s', 403),
  USER_NOT_FOUND: createError('USER_NOT_FOUND', "User '%s' does not exist.", 404),
  TOKEN_NOT_FOUND: createError('TOKEN_NOT_FOUND', "You have no live token '%s'. GET /api/v1/tokens lists yours.", 404),
  RATE_LIMITED: createError('RATE_LIMITED', 'You made %s submissions in the last minute, the most allowed. Try again in %s s.', 429),
  TOO_MANY_QUEUED: createError('TOO_MANY_QUEUED', 'You have %s submissions waiting to be graded, the most allowed at once. Wait for one to finish (about %s s).', 429),
  QUEUE_FULL: createError('QUEUE_FULL', 'Backlab has more submissions waiting than it can grade soon (%s). Try again in %s s; nothing was stored.', 503),
  SERVICE_BUSY: createError('SERVICE_BUSY', 'Backlab has more requests at once than it can take (database connections, password hashing). Try again in %s s; nothing was stored.', 503),
  AUTH_RATE_LIMITED: createError('AUTH_RATE_LIMITED', 'Too many sign-ups and logins from your address: at most %s a minute. Try again in %s s.', 429),
  TOO_MANY_REGRADES: createError('TOO_MANY_REGRADES', 'You have %s re-grades waiting or being graded, the most allowed at once. Try again in %s s, when some have finished.', 429),
  TOO_MANY_STREAMS: createError('TOO_MANY_STREAMS', '%s Close one (or read the submission with GET ?wait=) and try again in %s s.', 429),
  PACKAGE_INVALID: createError('PACKAGE_INVALID', 'The package has %s problem(s); nothing was stored or published. Fix them and upload again:\n  - %s', 422),
  VALIDATION_NOT_FOUND: createError('VALIDATION_NOT_FOUND', "Package validation '%s' does not exist.", 404),
  NOT_REGRADABLE: createError('NOT_REGRADABLE', "Submission '%s' is a check of a package validation, not a learner's submission; validate the package again instead.", 409),
  TOO_MANY_VALIDATIONS: createError('TOO_MANY_VALIDATIONS', 'You have %s package validations running, the most allowed at once. Wait for one to end.', 429),
  VALIDATION_RUNNING: createError('VALIDATION_RUNNING', 'A validation of %s is still running (%s); wait for it to end, then upload again. Nothing was stored.', 409),
  VERSION_NOT_NEWER: createError('VERSION_NOT_NEWER', '%s is published at version %s; a new version must be higher. Set "version": %s in exercise.json. Nothing was stored.', 409),
  VERSION_PUBLISHED: createError('VERSION_PUBLISHED', 'Version %s of %s is published with other content, and a published version never changes (submissions were graded against it). Set "version": %s in exercise.json. Nothing was stored.', 409),
  ALREADY_PUBLISHED: createError('ALREADY_PUBLISHED', 'Version %s of %s is published with exactly this content already; there is nothing to publish. Validate it without publishing, or raise the version.', 409)
} as const

/** A 422 for a package, with its problems also as a list a client can show one per line. */
export function packageInvalid (problems: string[]): Error & { problems: string[] } {
  return Object.assign(new Errors.PACKAGE_INVALID(String(problems.length), problems.join('\n  - ')), { problems })
}

/** Errors that tell the client when to come back: the error handler sends this as Retry-After. */
export function withRetryAfter<E extends Error> (err: E, seconds: number): E & { retryAfterSeconds: number } {
  return Object.assign(err, { retryAfterSeconds: Math.max(1, Math.ceil(seconds)) })
}

export type ErrorCode = keyof typeof Errors | 'VALIDATION_FAILED' | 'INVALID_JSON' | 'BODY_TOO_LARGE' |
  'TOO_MANY_FILES' | 'FILE_TOO_LARGE' |
  'UNSUPPORTED_MEDIA_TYPE' | 'NOT_FOUND' | 'INTERNAL_ERROR'
