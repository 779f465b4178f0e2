// @backlab/grader: what a suite imports (graders/README.md).
export {
  request,
  describeNetworkError,
  describeTimeout,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  HANGS_BEFORE_SHORTER_TIMEOUT,
  SHORTER_TIMEOUT_MS,
} from './http-client.mjs'
export {
  graded,
  failureDiagnostics,
  reportFailure,
  expectThat,
  expectStatus,
  expectJson,
  expectJsonBody,
  expectHeader,
  expectBodyMatches,
  expectEmptyBody,
} from './assertions.mjs'
export { matcher, anyId, nonEmptyString, matchShape, describeShape } from './shape.mjs'
export { buildCurl, shellQuote, singleQuote, localBaseUrl } from './curl.mjs'
export {
  describeRequest,
  describeResponse,
  requestLabel,
  preview,
  previewText,
  previewHeader,
  pathText,
  truncate,
  headerName,
  statusWithReason,
  looksBinary,
  kindOf,
} from './describe.mjs'
export { mediaType, isJsonContentType } from './content-type.mjs'
export { randomTitle, randomHex } from './random.mjs'
export { targetUrl, DEFAULT_TARGET } from './target.mjs'
export { db, closeDatabase } from './database.mjs'
export { restartServer } from './restart.mjs'
export { timeScale, scaled, noteTimedWait, timedWaits } from './timing.mjs'
export { signJwt, decodeJwt, verifyHs256, base64url, nowSeconds } from './tokens.mjs'
export { cookiesSet, cookieHeader } from './cookies.mjs'
export {
  bounded,
  visible,
  headerText,
  boundedDiagnostics,
  boundedMessage,
  boundFailures,
  markTestStart,
  FIELD_MAX_BYTES,
  MESSAGE_MAX_BYTES,
  VALUE_MAX_BYTES,
} from './bounded.mjs'
