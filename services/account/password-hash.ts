import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/**
 * Passwords are stored as scrypt hashes (memory-hard, salted, built into Node: no native
 * dependency to build). The parameters are stored with each hash, so raising the cost later
 * still verifies old hashes. Format: `scrypt$<log2 N>$<r>$<p>$<salt b64>$<hash b64>`.
 */
const KEY_BYTES = 32
const R = 8
const P = 1

async function derive (password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** logN, r, p, maxmem: 256 * 2 ** logN * r + 1024 * 1024 }
  return await new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => { if (err !== null) reject(err); else resolve(key) })
  })
}

/** `logN` 17 (128 MiB, some 0.3 s) is OWASP's recommendation for scrypt; tests use less. */
export async function hashPassword (password: string, logN: number): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, logN, R, P)
  return ['scrypt', logN, R, P, salt.toString('base64'), key.toString('base64')].join('$')
}

export async function verifyPassword (password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || salt === undefined || key === undefined) return false
  const expected = Buffer.from(key, 'base64')
  const actual = await derive(password, Buffer.from(salt, 'base64'), Number(logN), Number(r), Number(p))
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/**
 * A hash of no one's password, verified against when an email is unknown: a login then takes
 * as long whether the account exists or not, so timing does not tell which emails have one.
 */
export async function decoyHash (logN: number): Promise<string> {
  return await hashPassword(randomBytes(16).toString('hex'), logN)
}
