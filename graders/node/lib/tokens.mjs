// JSON Web Tokens made by the grader, including the broken and hostile ones a guard must refuse.
// Hand-made on purpose: a JWT library refuses to produce `alg: none` or a bad signature, and
// those are exactly the tokens these checks need.
import { createHmac } from 'node:crypto'

export function base64url(input) {
  return Buffer.from(typeof input === 'string' ? input : JSON.stringify(input)).toString('base64url')
}

/** Seconds since the epoch, as JWT's `iat`/`exp`/`nbf` want. */
export function nowSeconds() {
  return Math.floor(Date.now() / 1000)
}

/**
 * A compact JWS. `alg: 'HS256'` signs with `secret`; `alg: 'none'` gives an unsigned token with an
 * empty signature. `header` adds or overrides header fields; `signature` replaces the signature.
 */
export function signJwt(payload, secret, { alg = 'HS256', header = {}, signature } = {}) {
  const head = base64url({ alg, typ: 'JWT', ...header })
  const body = base64url(payload)
  const input = `${head}.${body}`
  if (signature !== undefined) return `${input}.${signature}`
  if (alg === 'none') return `${input}.`
  if (alg !== 'HS256') throw new Error(`signJwt: unsupported alg ${alg}`)
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
}

/** Splits a token into its decoded header and payload; undefined when it is not a JWS. */
export function decodeJwt(token) {
  const parts = typeof token === 'string' ? token.split('.') : []
  if (parts.length !== 3) return undefined
  try {
    return {
      header: JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')),
      payload: JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')),
    }
  } catch {
    return undefined
  }
}

/** True when `token` is an HS256 token whose signature is right for `secret`. */
export function verifyHs256(token, secret) {
  const parts = typeof token === 'string' ? token.split('.') : []
  if (parts.length !== 3) return false
  const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest('base64url')
  return decodeJwt(token)?.header?.alg === 'HS256' && expected === parts[2]
}
