// Tokens the shared signJwt cannot make: HMAC signatures under any header `alg` (HS512 done right,
// or an HS256 signature behind a header that claims another algorithm), and signed tokens whose
// parts are not JSON at all.
import { createHmac } from 'node:crypto'
import { base64url, decodeJwt } from '@backlab/grader'

const HASHES = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }

/** `header.payload` (each given as an object, or as raw text) signed with HMAC-`hash`. */
export function hmacToken(header, payload, secret, hash = 'sha256') {
  const input = `${base64url(header)}.${base64url(payload)}`
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`
}

/** A token whose header says `alg`, signed the way that alg says (HS256, HS384, HS512). */
export function signedAs(alg, payload, secret) {
  return hmacToken({ alg, typ: 'JWT' }, payload, secret, HASHES[alg])
}

/** The decoded header and payload of a token, for the `expected` text of a diagnostic. */
export function describeToken(token) {
  const decoded = decodeJwt(token)
  if (!decoded) return `the token ${JSON.stringify(token)}`
  return `the token's header ${JSON.stringify(decoded.header)} and payload ${JSON.stringify(decoded.payload)}`
}
