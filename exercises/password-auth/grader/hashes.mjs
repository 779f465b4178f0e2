// What a stored password looks like: the schemes the instructions accept, and the fast hashes
// (md5, sha…) of a known password that they refuse. Pure functions, no I/O.
import { createHash } from 'node:crypto'

export const MIN_BCRYPT_COST = 10
// Cost 13 takes some 0.8 s a hash: the run's time budget (and the instructions) stop at 12.
export const MAX_BCRYPT_COST = 12
export const MIN_PBKDF2_ITERATIONS = 100_000
/** Shortest text that can hold a salt and a hash after a scheme's prefix. */
const MIN_HASH_LENGTH = 40

const FAST_ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha3-256', 'sha3-512']

/**
 * Every way the grader knows to store `password` that is not a slow salted hash, each with
 * the text that would show up in the stored row: `{ what, text, ignoreCase }`.
 * Covers fast hashes of the password alone and combined with the username (a "salt" anyone can
 * guess), in hex, base64 and base64url.
 */
export function fastFingerprints(username, password) {
  const inputs = [
    [password, 'the password'],
    [username + password, 'the username followed by the password'],
    [password + username, 'the password followed by the username'],
    [username.toLowerCase() + password, 'the username followed by the password'],
    [password + username.toLowerCase(), 'the password followed by the username'],
    [`${username}:${password}`, 'username:password'],
    [`${username.toLowerCase()}:${password}`, 'username:password'],
  ]
  const found = [{ what: 'the password in plain text', text: password, ignoreCase: false }]
  const base64 = Buffer.from(password, 'utf8').toString('base64').replace(/=+$/, '')
  found.push({ what: 'the password encoded as base64 (an encoding, not a hash)', text: base64, ignoreCase: false })
  for (const [input, label] of inputs) {
    for (const algorithm of FAST_ALGORITHMS) {
      const digest = createHash(algorithm).update(input, 'utf8').digest()
      const what = encoding => `${algorithm} of ${label} (${encoding}), a fast hash`
      found.push({ what: what('hex'), text: digest.toString('hex'), ignoreCase: true })
      found.push({ what: what('base64'), text: digest.toString('base64').replace(/=+$/, ''), ignoreCase: false })
      found.push({ what: what('base64url'), text: digest.toString('base64url'), ignoreCase: false })
    }
  }
  return found
}

/** The first fingerprint of a fast or missing hash found in `rowText`, or undefined. */
export function findFastHash(rowText, username, password) {
  const lower = rowText.toLowerCase()
  return fastFingerprints(username, password).find(({ text, ignoreCase }) =>
    ignoreCase ? lower.includes(text.toLowerCase()) : rowText.includes(text),
  )
}

/**
 * Which accepted scheme `text` is: `{ scheme }` when it is one, `{ scheme, problem }` when it is
 * one used wrongly (bcrypt cost too low, …), `{ problem }` when it is none of them.
 */
export function classifyHash(text) {
  if (typeof text !== 'string' || text === '') return { problem: 'it is empty' }
  if (/^b['"]\$/.test(text)) {
    return { problem: "it starts with b' — Python's str() of a bytes value; store hash.decode() instead" }
  }
  const bcrypt = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/.exec(text)
  if (bcrypt) {
    const cost = Number(bcrypt[1])
    if (cost < MIN_BCRYPT_COST) return { scheme: 'bcrypt', problem: `it is bcrypt with cost ${cost}, below ${MIN_BCRYPT_COST}` }
    if (cost > MAX_BCRYPT_COST) {
      return { scheme: 'bcrypt', problem: `it is bcrypt with cost ${cost}, above ${MAX_BCRYPT_COST}: each hash then takes too long for the time limits` }
    }
    return { scheme: 'bcrypt' }
  }
  if (/^\$2[aby]\$/.test(text)) return { problem: 'it starts like bcrypt but is not a complete 60-character bcrypt hash' }
  if (/^\$argon2(id|i|d)\$/.test(text)) {
    return text.length >= MIN_HASH_LENGTH ? { scheme: 'argon2' } : { problem: 'it is too short to hold an argon2 salt and hash' }
  }
  if (/^(scrypt[:$]|\$scrypt\$|\$7\$)/.test(text)) {
    return text.length >= MIN_HASH_LENGTH ? { scheme: 'scrypt' } : { problem: 'it is too short to hold an scrypt salt and hash' }
  }
  // Werkzeug `pbkdf2:sha256:260000$…`, Django `pbkdf2_sha256$260000$…`, passlib `$pbkdf2-sha256$29000$…`.
  const pbkdf2 = /^(?:pbkdf2:\w+:(\d+)\$|pbkdf2_\w+\$(\d+)\$|\$pbkdf2(?:-\w+)?\$(\d+)\$)/.exec(text)
  if (pbkdf2) {
    const iterations = Number(pbkdf2[1] ?? pbkdf2[2] ?? pbkdf2[3])
    if (iterations < MIN_PBKDF2_ITERATIONS) {
      return { scheme: 'PBKDF2', problem: `it is PBKDF2 with ${iterations} iterations, below ${MIN_PBKDF2_ITERATIONS}` }
    }
    return text.length >= MIN_HASH_LENGTH ? { scheme: 'PBKDF2' } : { problem: 'it is too short to hold a PBKDF2 salt and hash' }
  }
  if (/^pbkdf2/i.test(text)) return { problem: 'it starts with pbkdf2 but shows no iteration count' }
  return { problem: 'it does not start like any of the accepted formats' }
}
