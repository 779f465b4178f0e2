import { createHash, randomBytes } from 'node:crypto'

/** Tokens look like `blt_<43 base64url chars>`: 256 random bits, recognisable in a leaked log. */
export const TOKEN_PREFIX = 'blt_'

export function newApiToken (): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url')
}

/** What is stored and looked up: a token is random enough that a fast hash cannot be reversed. */
export function tokenHash (token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
