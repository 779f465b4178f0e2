// Grader for password-auth: one top-level test per behaviour in instructions.md, in task order.
// Every test signs up the users it needs (read-only tests share one user, created by whichever
// test needs it first), so one broken behaviour fails its own tests and not the ones after it.
// Setup requests tolerate mistakes other tests report (e.g. 200 instead of 201) and say in their
// message that they are setup. Hashing is slow on purpose, so sign-ups and logins get a longer
// timeout, and the suite creates as few users as it can.
import t from 'tap'
import {
  anyId,
  buildCurl,
  closeDatabase,
  db,
  describeRequest,
  describeResponse,
  expectBodyMatches,
  expectJson,
  expectJsonBody,
  expectStatus,
  expectThat,
  graded,
  nonEmptyString,
  preview,
  randomHex,
  reportFailure,
  request,
  restartServer,
  statusWithReason,
} from '@backlab/grader'
import { classifyHash, findFastHash, MAX_BCRYPT_COST, MIN_BCRYPT_COST, MIN_PBKDF2_ITERATIONS } from './hashes.mjs'

const test = graded(t)
t.teardown(() => closeDatabase())

// bcrypt at cost 10 to 12 takes 0.1 to 0.5 s per hash on one CPU: more than the library's 2 s
// default would be a broken server, but give slow hashes room.
const AUTH_TIMEOUT_MS = 5000
const SIGNING_UP = 'signing up a user for this test'

// Mixed case on purpose: a server must keep the username exactly as it was signed up.
const newUsername = (prefix = 'User') => `${prefix}_${randomHex(4)}`
const newPassword = () => `secret-${randomHex(5)}`

const signup = json => request({ method: 'POST', path: '/signup', json, timeoutMs: AUTH_TIMEOUT_MS })
const login = json => request({ method: 'POST', path: '/login', json, timeoutMs: AUTH_TIMEOUT_MS })
const malformed = path =>
  request({ method: 'POST', path, body: '{"username": "broken', headers: { 'Content-Type': 'application/json' }, timeoutMs: AUTH_TIMEOUT_MS })

/** `alice_1f` → `ALICE_1F`: the same username in other letter case. */
const otherCase = username => {
  const upper = username.toUpperCase()
  return upper !== username ? upper : username.toLowerCase()
}

/** Signs a user up; `{ id, username, password, response }`, or undefined after failing `t`. */
async function createUser(t, { username = newUsername(), password = newPassword(), note = SIGNING_UP } = {}) {
  const res = await signup({ username, password })
  const created =
    expectStatus(t, res, [201, 200], { note }) &&
    expectJsonBody(t, res, { note }) &&
    expectBodyMatches(t, res, { id: anyId }, { note })
  return created ? { id: res.json.id, username, password, response: res } : undefined
}

// A user that tests only log in as (they change nothing), created once (by task 1's first test
// when it can). Hashing is slow on purpose, so answers that later tests can check again are kept
// (`seen`) rather than asked for twice.
let sharedUser
async function existingUser(t) {
  sharedUser ??= await createUser(t)
  return sharedUser
}
const seen = {}
// Users that task 2's boundary test signed up, reused by task 3.
const boundaryUsers = []

function expectError(t, res, status, { because, names }) {
  const naming = names ? `, and a JSON body like {"error": "<what is wrong>"} whose message names ${names}` : ', and a JSON body like {"error": "<what is wrong>"}'
  const expected = `status ${statusWithReason(status)}, because ${because}${naming}`
  return (
    expectStatus(t, res, status, { expected }) &&
    expectJsonBody(t, res, { expected }) &&
    expectBodyMatches(t, res, { error: nonEmptyString }, { expected }) &&
    (!names ||
      expectThat(t, res, res.json.error.toLowerCase().includes(names), {
        message: `${res.request.method} ${res.request.path} returned the error ${preview(res.json.error)}, expected a message naming ${names}`,
        expected,
      }))
  )
}

// Field names that must never appear in a response: they would hold the password or its hash.
const SECRET_KEYS = new Set(['password', 'passwordhash', 'hash', 'hashedpassword', 'passwordhashed', 'pwd', 'pw', 'salt'])
const HASH_LOOKALIKE = /\$2[aby]\$\d\d\$|\$argon2|scrypt[:$]|\$7\$|pbkdf2/i

function secretKeyIn(value, path = 'body') {
  if (value === null || typeof value !== 'object') return undefined
  for (const [key, field] of Object.entries(value)) {
    const fieldPath = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`
    if (SECRET_KEYS.has(key.toLowerCase().replace(/[_-]/g, ''))) return fieldPath
    const nested = secretKeyIn(field, fieldPath)
    if (nested) return nested
  }
  return undefined
}

/** The response holds neither the password, nor a field for it, nor anything like a hash. */
function expectNoSecrets(t, res, password, storedHash) {
  const expected = 'a response without the password, without its hash, and without a field named password or password_hash'
  const label = `${res.request.method} ${res.request.path}`
  const key = secretKeyIn(res.json)
  const lookalike = HASH_LOOKALIKE.exec(res.text)
  return (
    expectThat(t, res, !res.text.includes(password), {
      message: `${label} returned the password itself in its body, expected it never to be sent back`,
      expected,
    }) &&
    expectThat(t, res, key === undefined, {
      message: `${label} returned a field ${key}, expected no field for the password or its hash`,
      expected,
    }) &&
    expectThat(t, res, !storedHash || !res.text.includes(storedHash), {
      message: `${label} returned the password_hash stored in the database, expected it never to leave the server`,
      expected,
    }) &&
    expectThat(t, res, !lookalike, {
      message: `${label} returned something that looks like a password hash (${preview(lookalike?.[0])}), expected no hash in a response`,
      expected,
    })
  )
}

// --- The database, read as the grader sees it --------------------------------------------------

const ROW_QUERY = 'SELECT username::text AS username, password_hash, u::text AS row_text FROM users u WHERE lower(username::text) = lower($1)'

/** Fails `t` about what the grader found in the database after `res` (a sign-up). */
function failDatabase(t, res, { message, expected, actual, sql }) {
  t.fail(message, {
    at: null,
    request: `${describeRequest(res.request)}\n\n(answered ${res.status}; then the grader read the database:)\n${sql}`,
    expected,
    actual,
    curl: buildCurl(res.request),
  })
  return false
}

const readableHash = value => (Buffer.isBuffer(value) ? value.toString('utf8') : value)

/**
 * The `users` row of `user`: `{ hash, rowText }`, or undefined after failing `t` with what is
 * missing (the table, a column, the row). `expected` says what the test wanted.
 */
async function readUserRow(t, user, expected) {
  const res = user.response
  const sql = ROW_QUERY.replace('$1', `'${user.username}'`)
  const fail = (message, actual) => failDatabase(t, res, { message, expected, actual, sql })
  const database = db()
  const tables = await database.tables()
  if (!tables.includes('users')) {
    const has = tables.length ? `its tables are: ${tables.join(', ')}` : 'it has no tables at all'
    fail('the database has no table named users', `${has} (create the table at start-up with CREATE TABLE IF NOT EXISTS users …)`)
    return undefined
  }
  const columns = (
    await database.query(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users' ORDER BY ordinal_position",
    )
  ).map(row => row.column_name)
  for (const column of ['username', 'password_hash']) {
    if (!columns.includes(column)) {
      fail(`the users table has no column named ${column}`, `the users table has the columns: ${columns.join(', ')}`)
      return undefined
    }
  }
  const rows = await database.query(ROW_QUERY, [user.username])
  if (rows.length === 0) {
    fail(`the users table has no row for the username ${preview(user.username)} that was just signed up`, '(no row)')
    return undefined
  }
  return { username: rows[0].username, hash: readableHash(rows[0].password_hash), rowText: rows[0].row_text, columns }
}

/**
 * The rows whose username is `username` (exactly, or in any case with `anyCase`), read without
 * failing anything: undefined when the table or its columns are not there (task 4 reports that).
 */
async function rowsQuietly(username, { anyCase = false } = {}) {
  try {
    const where = anyCase ? 'lower(username::text) = lower($1)' : 'username::text = $1'
    const rows = await db().query(`SELECT password_hash::text AS password_hash FROM users WHERE ${where}`, [username])
    return rows.map(row => row.password_hash)
  } catch {
    return undefined
  }
}

/** After a refused sign-up (`res`): no row was created for `username`. */
async function expectNothingCreated(t, res, username) {
  if (typeof username !== 'string') return true
  const rows = await rowsQuietly(username)
  if (!rows || rows.length === 0) return true
  return failDatabase(t, res, {
    message: `${res.request.method} ${res.request.path} answered ${res.status} but created a users row for ${preview(username)}, expected a refused sign-up to create nothing`,
    expected: 'no row for a refused sign-up: validate the body before inserting anything',
    actual: `${rows.length} row(s) with username ${JSON.stringify(username)}`,
    sql: `SELECT * FROM users WHERE username = '${username}'`,
  })
}

// 1. Sign up

test('1. POST /signup creates a user and answers 201 with its id and username', async t => {
  const username = newUsername()
  const password = newPassword()
  const res = await signup({ username, password })
  // Later tests log in as this user: keep it whenever it was created at all.
  if ([200, 201].includes(res.status) && anyId.test(res.json?.id)) sharedUser = { id: res.json.id, username, password, response: res }
  const expected = `status 201 Created and the new user as JSON: {"id": <a number or a string>, "username": ${JSON.stringify(username)}} (the username exactly as it was sent, letter case included)`
  expectStatus(t, res, 201, { expected }) &&
    expectJsonBody(t, res, { expected }) &&
    expectBodyMatches(t, res, { id: anyId, username }, { expected })
})

test('1. POST /signup never returns the password or its hash', async t => {
  // The sign-up that creates the shared user is the one checked (no extra slow hash).
  const user = await existingUser(t)
  if (!user) return
  let storedHash
  try {
    const rows = await db().query(ROW_QUERY, [user.username])
    storedHash = readableHash(rows[0]?.password_hash)
  } catch {
    // No users table yet: task 4 reports it; the checks below still run.
  }
  expectNoSecrets(t, user.response, user.password, typeof storedHash === 'string' && storedHash.length >= 8 ? storedHash : undefined)
})

// 2. Validate sign-ups

const BAD_USERNAMES = [
  [undefined, 'the body has no username'],
  ['ab', 'the username has 2 characters (3 to 32)'],
  [`u${randomHex(16)}`, 'the username has 33 characters (3 to 32)'],
  [`bad name${randomHex(1)}`, 'the username contains a space (only letters, digits and _)'],
  [`bad-name${randomHex(1)}`, 'the username contains a - (only letters, digits and _)'],
  [`José_${randomHex(2)}`, 'the username contains é, which is not one of A-Z, a-z', 'a \\w or isalnum() check lets é in'],
  [`name_${randomHex(2)}\n`, 'the username ends with a line break', 'in Python, re.match with $ lets a final line break in; use re.fullmatch'],
  ['', 'the username is empty'],
  [12345, 'the username is a number, not a string'],
]

test('2. POST /signup rejects a bad username with 400 naming username', async t => {
  for (const [username, because, hintIfAccepted] of BAD_USERNAMES) {
    const res = await signup({ username, password: newPassword() })
    // The hint names a likely cause of accepting this username: shown only when it was accepted.
    const why = hintIfAccepted && res.status >= 200 && res.status < 300 ? `${because} (${hintIfAccepted})` : because
    if (!expectError(t, res, 400, { because: why, names: 'username' })) return
    if (!(await expectNothingCreated(t, res, username))) return
  }
})

test('2. POST /signup rejects a bad password with 400 naming password', async t => {
  const cases = [
    [undefined, 'the body has no password'],
    [randomHex(4).slice(0, 7), 'the password has 7 characters (at least 8)'],
    ['éèêëàâä', 'the password has 7 characters (at least 8)', 'it takes 14 bytes in UTF-8: count characters, not bytes'],
    [12345678, 'the password is a number, not a string'],
  ]
  for (const [password, because, hintIfAccepted] of cases) {
    const username = newUsername()
    const res = await signup({ username, password })
    const why = hintIfAccepted && res.status >= 200 && res.status < 300 ? `${because} (${hintIfAccepted})` : because
    if (!expectError(t, res, 400, { because: why, names: 'password' })) return
    if (!(await expectNothingCreated(t, res, username))) return
  }
})

test('2. POST /signup rejects a body that is not a JSON object with 400', async t => {
  const rawJson = text => request({ method: 'POST', path: '/signup', body: text, headers: { 'Content-Type': 'application/json' }, timeoutMs: AUTH_TIMEOUT_MS })
  const cases = [
    [() => malformed('/signup'), 'the body is not valid JSON'],
    [() => signup([]), 'the body is a JSON array, not an object'],
    [() => rawJson('null'), 'the body is the JSON value null, not an object'],
    [() => rawJson('"alice"'), 'the body is a JSON string, not an object'],
  ]
  for (const [send, because] of cases) {
    const res = await send()
    if (!expectError(t, res, 400, { because })) return
  }
  seen.signup400 = await signup({ username: 'ab', password: newPassword() })
})

test('2. POST /signup accepts usernames of 3 and 32 characters and a password of 8', async t => {
  const cases = [
    // 8 characters, 10 bytes: spaces, quotes and accents are allowed in a password.
    [`Z${randomHex(1)}`, `é ü"' ${randomHex(1)}`],
    [`Max_${randomHex(14)}`, newPassword()],
  ]
  for (const [username, password] of cases) {
    const res = await signup({ username, password })
    const expected = `status 201 Created: the username ${JSON.stringify(username)} has ${username.length} characters (3 to 32 are allowed), the password ${JSON.stringify(password)} ${password.length} (at least 8, any characters)`
    // 200 is reported by the first test of task 1; here the point is that the user is created.
    if (!expectStatus(t, res, [201, 200], { expected }) || !expectBodyMatches(t, res, { id: anyId, username }, { expected })) return
    boundaryUsers.push({ id: res.json.id, username, password, response: res })
  }
})

// 3. Usernames are unique

test('3. POST /signup answers 409 for a username that is taken', async t => {
  const user = boundaryUsers[0] ?? (await createUser(t))
  if (!user) return
  const res = await signup({ username: user.username, password: newPassword() })
  expectError(t, res, 409, { because: `the username ${JSON.stringify(user.username)} was signed up just before` })
})

test('3. POST /signup answers 409 for a taken username in other letter case', async t => {
  const user = boundaryUsers[1] ?? (await createUser(t, { username: newUsername('Case') }))
  if (!user) return
  const res = await signup({ username: otherCase(user.username), password: newPassword() })
  expectError(t, res, 409, {
    because: `usernames ignore letter case and ${JSON.stringify(user.username)} was signed up just before`,
  })
})

test('3. A refused duplicate sign-up leaves the first account unchanged', async t => {
  const user = await createUser(t)
  if (!user) return
  const before = await rowsQuietly(user.username, { anyCase: true })
  const otherPassword = newPassword()
  const duplicate = await signup({ username: user.username, password: otherPassword })
  // A duplicate answered 201 is reported by the first test of this task; what matters here is
  // what it did to the first account.
  if (duplicate.error) return expectStatus(t, duplicate, 409, { note: 'signing up the same username again, with another password' })
  const after = await rowsQuietly(user.username, { anyCase: true })
  if (before && after) {
    const sql = `SELECT password_hash FROM users WHERE lower(username) = lower('${user.username}')`
    if (after.length !== before.length) {
      return failDatabase(t, duplicate, {
        message: `after the refused sign-up the users table has ${after.length} rows for ${preview(user.username)}, expected still ${before.length}`,
        expected: 'the refused sign-up changes nothing: one row per username (in any letter case)',
        actual: `${after.length} rows`,
        sql,
      })
    }
    if (after.join('\n') !== before.join('\n')) {
      return failDatabase(t, duplicate, {
        message: `the refused sign-up replaced the password_hash of ${preview(user.username)}, expected the first account to keep its password`,
        expected: 'the same password_hash before and after the refused sign-up',
        actual: `before: ${preview(before[0], 80)}\nafter: ${preview(after[0], 80)}`,
        sql,
      })
    }
  }
  const second = await login({ username: user.username, password: otherPassword })
  const secondNote = 'logging in with the password of the refused sign-up'
  // No answer at all: nothing can be told about the account, and that is the failure to report.
  if (second.error) return expectStatus(t, second, 401, { note: secondNote })
  if (second.status === 200) {
    // Is it the duplicate's password that logs in, or any password at all (task 5's rule)?
    const control = await login({ username: user.username, password: newPassword() })
    if (control.status === 200) {
      t.pass('a password never signed up logs in too: task 5 reports that, not this test')
      return
    }
    expectStatus(t, second, 401, {
      note: secondNote,
      expected: 'status 401 Unauthorized: the refused sign-up must not have replaced the password (a password never signed up gets 401, this one got in)',
    })
    return
  }
  const first = await login({ username: user.username, password: user.password })
  if (first.error) return expectStatus(t, first, 200, { note: 'logging in with the first password' })
  if (first.status !== 200) {
    // Does logging in work at all (task 5's rule) for an account no duplicate touched?
    const shared = await existingUser(t)
    if (!shared) return
    const control = await login({ username: shared.username, password: shared.password })
    if (control.status !== 200) {
      t.pass('logging in fails for an account no duplicate touched too: task 5 reports that, not this test')
      return
    }
    expectStatus(t, first, 200, {
      note: 'logging in with the first password',
      expected: 'status 200 OK: the first account and its password are unchanged by the refused sign-up (another account logs in fine)',
    })
    return
  }
  t.pass('the first password still logs in and the refused one does not')
})

// 4. Store a salted slow hash

const STORAGE = 'a users table with the columns username and password_hash, and a row for every user'

test('4. The users table has a row with username and password_hash for each user', async t => {
  const user = await existingUser(t)
  if (!user) return
  const row = await readUserRow(t, user, STORAGE)
  if (!row) return
  const sql = ROW_QUERY.replace('$1', `'${user.username}'`)
  const [{ data_type: type }] = await db().query(
    "SELECT data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users' AND column_name = 'password_hash'",
  )
  if (!['text', 'character varying'].includes(type)) {
    failDatabase(t, user.response, {
      message: `the password_hash column is of type ${type}, expected TEXT or VARCHAR`,
      expected: `${STORAGE}; password_hash a text column (TEXT or VARCHAR)`,
      actual: `users.password_hash: ${type}`,
      sql: "SELECT data_type FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'password_hash'",
    })
    return
  }
  if (row.username !== user.username) {
    failDatabase(t, user.response, {
      message: `the users row holds the username ${preview(row.username)}, expected ${preview(user.username)} exactly as it was signed up`,
      expected: `${STORAGE}; username exactly as it was signed up (compare in lower case, store as sent)`,
      actual: `username: ${preview(row.username)}`,
      sql,
    })
    return
  }
  expectThat(t, user.response, typeof row.hash === 'string' && row.hash.trim() !== '', {
    message: `the password_hash of ${preview(user.username)} is ${preview(row.hash ?? null)}, expected the hash of the password`,
    expected: STORAGE,
    pass: 'the row has a password_hash',
  })
})

test('4. The stored password is neither plain text nor a fast hash', async t => {
  const user = await existingUser(t)
  if (!user) return
  const expected = 'a users row that holds neither the password, nor an md5/sha1/sha256/… hash of it (with or without the username as salt)'
  const row = await readUserRow(t, user, expected)
  if (!row) return
  const found = findFastHash(row.rowText, user.username, user.password)
  if (found) {
    failDatabase(t, user.response, {
      message: `the users row holds ${found.what}, expected only a slow salted hash`,
      expected,
      actual: `the row of ${user.username}: ${row.rowText.slice(0, 500)}\n(the password sent was ${JSON.stringify(user.password)})`,
      sql: ROW_QUERY.replace('$1', `'${user.username}'`),
    })
    return
  }
  t.pass('no plain text and no fast hash of the password in the row')
})

test('4. Two users with the same password get different hashes', async t => {
  const password = newPassword()
  const first = await createUser(t, { password })
  const second = first && (await createUser(t, { password }))
  if (!second) return
  const expected = 'two different password_hash values: each hash has its own random salt'
  const rows = [await readUserRow(t, first, expected), await readUserRow(t, second, expected)]
  if (!rows[0] || !rows[1]) return
  if (rows[0].hash === rows[1].hash) {
    failDatabase(t, second.response, {
      message: 'two users with the same password have the same password_hash, expected a random salt in each',
      expected,
      actual: `${first.username}: ${preview(rows[0].hash, 200)}\n${second.username}: ${preview(rows[1].hash, 200)}`,
      sql: ROW_QUERY.replace('$1', `'${second.username}'`),
    })
    return
  }
  t.pass('the two hashes differ')
})

test('4. The password_hash is a bcrypt, scrypt, argon2 or PBKDF2 hash', async t => {
  const user = await existingUser(t)
  if (!user) return
  const expected = [
    'a password_hash in one of these formats:',
    `  bcrypt: $2a$, $2b$ or $2y$, cost ${MIN_BCRYPT_COST} to ${MAX_BCRYPT_COST}, 60 characters in all`,
    '  scrypt: starts with scrypt: or scrypt$ or $scrypt$ or $7$',
    '  argon2: starts with $argon2id$, $argon2i$ or $argon2d$',
    `  PBKDF2: pbkdf2:<digest>:<iterations>$…, pbkdf2_<digest>$<iterations>$… or $pbkdf2-<digest>$<iterations>$…, at least ${MIN_PBKDF2_ITERATIONS} iterations`,
  ].join('\n')
  const row = await readUserRow(t, user, expected)
  if (!row) return
  const { scheme, problem } = classifyHash(row.hash)
  if (problem) {
    failDatabase(t, user.response, {
      message: `the password_hash ${preview(row.hash)} is not accepted: ${problem}`,
      expected,
      actual: `password_hash of ${user.username}: ${preview(row.hash ?? null, 200)}`,
      sql: ROW_QUERY.replace('$1', `'${user.username}'`),
    })
    return
  }
  t.pass(`the password_hash is ${scheme}`)
})

test('4. Accounts survive a restart of the server', async t => {
  const user = await existingUser(t)
  if (!user) return
  const before = await rowsQuietly(user.username, { anyCase: true })
  const result = await restartServer()
  const expected = 'your server starts again (CREATE TABLE IF NOT EXISTS does not fail on a second start) and its accounts still log in'
  if (!result.ok) {
    t.fail(result.reason, { at: null, expected, actual: result.reason })
    return
  }
  const after = await rowsQuietly(user.username, { anyCase: true })
  if (before?.length && !after?.length) {
    failDatabase(t, user.response, {
      message: `after a restart the users table has no row for ${preview(user.username)}, expected the accounts to stay (is the table dropped or emptied at start-up?)`,
      expected,
      actual: after ? '(no row)' : '(no users table)',
      sql: ROW_QUERY.replace('$1', `'${user.username}'`),
    })
    return
  }
  const res = await login({ username: user.username, password: user.password })
  if (res.status !== 200 && !res.error) {
    // Is it the restart, or does logging in fail for a fresh account too (task 5's rule)?
    const fresh = await createUser(t, { note: 'signing up a new user after the restart' })
    if (!fresh) return
    const control = await login({ username: fresh.username, password: fresh.password })
    if (control.status !== 200) {
      t.pass('logging in fails for an account made after the restart too: task 5 reports that, not this test')
      return
    }
  }
  expectStatus(t, res, 200, { note: 'logging in with an account made before the restart', expected })
})

// 5. Log in

test('5. POST /login answers 200 with the user for the right password', async t => {
  const user = await existingUser(t)
  if (!user) return
  const res = await login({ username: user.username, password: user.password })
  seen.login200 = res
  const expected = `status 200 OK and {"ok": true, "user": {"id": ${JSON.stringify(user.id)}, "username": ${JSON.stringify(user.username)}}}`
  expectStatus(t, res, 200, { expected }) &&
    expectJsonBody(t, res, { expected }) &&
    expectBodyMatches(t, res, { ok: true, user: { id: user.id, username: user.username } }, { expected }) &&
    expectNoSecrets(t, res, user.password)
})

test('5. POST /login accepts the username in any letter case', async t => {
  const user = await existingUser(t)
  if (!user) return
  const username = otherCase(user.username)
  const res = await login({ username, password: user.password })
  const expected = `status 200 OK and the user ${JSON.stringify(user.username)} (id ${JSON.stringify(user.id)}), the username as it was signed up and not as typed: usernames ignore letter case`
  expectStatus(t, res, 200, { expected }) &&
    expectJsonBody(t, res, { expected }) &&
    expectBodyMatches(t, res, { ok: true, user: { id: user.id, username: user.username } }, { expected })
})

test('5. POST /login answers 401 for a wrong password', async t => {
  const user = await existingUser(t)
  if (!user) return
  const res = await login({ username: user.username, password: newPassword() })
  seen.wrongPassword = res
  expectError(t, res, 401, { because: `the password is not the one ${JSON.stringify(user.username)} signed up with` })
})

test('5. POST /login answers 401 for an unknown username', async t => {
  const username = newUsername('nobody')
  const res = await login({ username, password: newPassword() })
  seen.unknownUser = res
  expectError(t, res, 401, { because: `nobody signed up as ${JSON.stringify(username)}` })
})

/** JSON bodies compare by value (key order ignored); anything else byte for byte. */
function sameBody(a, b) {
  const canonical = value =>
    JSON.stringify(value, (key, field) =>
      field && typeof field === 'object' && !Array.isArray(field)
        ? Object.fromEntries(Object.keys(field).sort().map(name => [name, field[name]]))
        : field,
    )
  if (a.json !== undefined && b.json !== undefined) return canonical(a.json) === canonical(b.json)
  return a.text === b.text
}

test('5. POST /login answers the same for an unknown username and a wrong password', async t => {
  const user = await existingUser(t)
  if (!user) return
  // The answers of the two tests before (each hash is slow), or new ones if they did not run.
  const wrongPassword = seen.wrongPassword ?? (await login({ username: user.username, password: newPassword() }))
  const unknownUser = seen.unknownUser ?? (await login({ username: newUsername('nobody'), password: newPassword() }))
  if (wrongPassword.error || unknownUser.error) {
    // No answer at all: say which request failed.
    expectStatus(t, wrongPassword.error ? wrongPassword : unknownUser, 401)
    return
  }
  const expected = [
    'the same status and the same body for both failures, so nobody can tell which usernames exist; for a wrong password it was:',
    describeResponse(wrongPassword),
  ].join('\n')
  const same = wrongPassword.status === unknownUser.status && sameBody(wrongPassword, unknownUser)
  if (!same) {
    const what =
      wrongPassword.status !== unknownUser.status
        ? `status ${unknownUser.status} for an unknown username but ${wrongPassword.status} for a wrong password`
        : `the body ${preview(unknownUser.json ?? unknownUser.text)} for an unknown username but ${preview(wrongPassword.json ?? wrongPassword.text)} for a wrong password`
    reportFailure(t, unknownUser, { message: `POST /login returned ${what}, expected the same answer`, expected })
    return
  }
  t.pass('both failures get the same answer')
})

test('5. POST /login answers 400 when the username or password is missing', async t => {
  const cases = [
    [{ password: newPassword() }, 'the body has no username'],
    [{ username: newUsername() }, 'the body has no password'],
    [{ username: 12345, password: newPassword() }, 'the username is a number, not a string'],
    [{ username: newUsername(), password: 12345678 }, 'the password is a number, not a string'],
    [{ username: null, password: newPassword() }, 'the username is null, not a string'],
  ]
  for (const [json, because] of cases) {
    if (!expectError(t, await login(json), 400, { because })) return
  }
})

test('5. POST /login answers 401, not 400, for a username or password that could never sign up', async t => {
  const user = await existingUser(t)
  if (!user) return
  const cases = [
    [{ username: 'ab', password: newPassword() }, 'the username "ab" (too short to sign up) matches no account'],
    [{ username: `no such-user ${randomHex(2)}`, password: newPassword() }, 'a username with spaces and a dash matches no account'],
    [{ username: user.username, password: 'short' }, `"short" (too short to sign up) is not the password of ${JSON.stringify(user.username)}`],
  ]
  for (const [json, because] of cases) {
    const ok = expectError(t, await login(json), 401, {
      because: `${because}; login does not re-check the sign-up rules, it answers 401 for anything that matches no account`,
    })
    if (!ok) return
  }
})

// 6. Resist SQL injection

test('6. POST /login refuses SQL injection in the username with 401', async t => {
  const user = await existingUser(t)
  if (!user) return
  const u = user.username
  // With the real password: an injection that makes the query return this user's row logs in.
  const payloads = [
    `' OR '1'='1`,
    `' OR 1=1 --`,
    `admin'--`,
    `${u}' --`,
    `nobody' OR username = '${u}`,
    `nobody') OR lower(username) = lower('${u}`,
  ]
  const answers = []
  for (const username of payloads) answers.push(await login({ username, password: user.password }))
  // An injection that logged in is the worst answer, a crash the next: report those first.
  const rank = res => (res.status === 200 ? 0 : res.status >= 500 || res.error ? 1 : 2)
  const ordered = [...answers].sort((a, b) => rank(a) - rank(b))
  for (const res of ordered) {
    const name = JSON.stringify(res.request.json.username)
    // The hint fits what came back: a login or a crash points at SQL built from text; a 400 at
    // a login that re-checks the sign-up rules.
    let because = `no user is called ${name}`
    if (res.status === 200) because += ': the username became part of the SQL text and the query found a user; pass it to the query as a parameter, never inside the SQL text'
    else if (res.status >= 500) because += ': the quote in it broke the SQL, so the username is pasted into the SQL text; pass it to the query as a parameter'
    else if (res.status === 400) because += ': a username that could never sign up still gets 401 (login does not re-check the sign-up rules)'
    if (!expectError(t, res, 401, { because })) return
  }
  const res = await login({ username: u, password: user.password })
  expectStatus(t, res, 200, {
    note: 'logging in normally after the attempts',
    expected: 'status 200 OK: the server still works after the injection attempts',
  })
})

test('6. Passwords with quotes and special characters work', async t => {
  const password = `it's "quoted"; -- \\ ${randomHex(3)} Ünïcödé`
  const user = await createUser(t, { password, note: 'signing up with a password full of quotes' })
  if (!user) return
  const res = await login({ username: user.username, password })
  const expected = 'status 200 OK: the password is exactly the one signed up with'
  expectStatus(t, res, 200, { expected }) && expectBodyMatches(t, res, { ok: true, user: { id: user.id } }, { expected })
})

// 7. Unknown routes and JSON

test('7. Unknown routes answer 404 with a JSON body', async t => {
  for (const [method, path] of [
    ['GET', '/does-not-exist'],
    ['GET', '/users'],
    ['POST', '/signup/admin'],
  ]) {
    const res = await request({ method, path, json: method === 'POST' ? {} : undefined })
    const expected = `status 404 Not Found and a JSON body: the API has no ${method} ${path} route`
    if (!expectStatus(t, res, 404, { expected }) || !expectJsonBody(t, res, { expected })) return
  }
})

test('7. JSON responses carry Content-Type: application/json', async t => {
  const user = await existingUser(t)
  if (!user) return
  const checks = [
    // The sign-up that created the shared user: no need to hash another password.
    ['POST /signup answering 201', async () => user.response],
    ['POST /signup answering 400', async () => seen.signup400 ?? (await signup({ username: 'ab', password: newPassword() }))],
    ['POST /login answering 200', async () => seen.login200 ?? (await login({ username: user.username, password: user.password }))],
    ['POST /login answering 401', async () => seen.wrongPassword ?? (await login({ username: user.username, password: newPassword() }))],
  ]
  for (const [what, send] of checks) {
    if (!expectJson(t, await send(), { expected: `${what} with Content-Type: application/json and a JSON body` })) return
  }
})
