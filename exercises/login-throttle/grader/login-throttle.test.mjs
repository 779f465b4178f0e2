// Grader for login-throttle: one top-level test per behaviour in instructions.md, in task order.
// A lock lasts 60 seconds and the grader cannot wait that long, so it checks everything that shows
// within seconds: when the lock starts, what a 429 looks like, that the right password does not get
// through it, that a success resets the count, and that a lock stays on its own account.
//
// Every test signs up the accounts it needs. The tests about what a locked account answers share
// one locked account (locking costs five slow password checks); each of them first makes sure it
// is still locked. Setup requests tolerate mistakes other tests report and say they are setup.
import t from 'tap'
import {
  anyId,
  expectBodyMatches,
  expectHeader,
  expectJsonBody,
  expectStatus,
  expectThat,
  graded,
  matcher,
  nonEmptyString,
  randomHex,
  reportFailure,
  request,
  statusWithReason,
} from '@backlab/grader'

const test = graded(t)

const MAX_FAILURES = 5
const WINDOW_SECONDS = 60
// bcrypt is slow on purpose; under load a check can take a while, so give logins room.
const AUTH_TIMEOUT_MS = 5000
const SIGNING_UP = 'signing up an account for this test'
const LOCKING = 'failing logins to lock an account for this test'

// Mixed case on purpose: a username must come back exactly as it was signed up.
const newUsername = (prefix = 'User') => `${prefix}_${randomHex(4)}`
const newPassword = () => `secret-${randomHex(5)}`
const wrongPassword = () => `wrong-${randomHex(5)}`

const signup = json => request({ method: 'POST', path: '/signup', json, timeoutMs: AUTH_TIMEOUT_MS })
/** POST /login; the response also has `receivedAt`, when it came (ms), to check Retry-After against. */
const login = async json => {
  const res = await request({ method: 'POST', path: '/login', json, timeoutMs: AUTH_TIMEOUT_MS })
  res.receivedAt = Date.now()
  return res
}

/** `user_1f` → `USER_1F`: the same username in other letter case. */
const otherCase = username => {
  const upper = username.toUpperCase()
  return upper !== username ? upper : username.toLowerCase()
}

/** Signs an account up; `{ id, username, password }`, or undefined after failing `t`. */
async function createAccount(t, { username = newUsername(), note = SIGNING_UP } = {}) {
  const password = newPassword()
  const res = await signup({ username, password })
  const created =
    expectStatus(t, res, [201, 200], { note }) &&
    expectJsonBody(t, res, { note }) &&
    expectBodyMatches(t, res, { id: anyId }, { note })
  return created ? { id: res.json.id, username, password } : undefined
}

function expectError(t, res, status, because) {
  const expected = `status ${statusWithReason(status)}, because ${because}, and a JSON body like {"error": "<what is wrong>"}`
  return (
    expectStatus(t, res, status, { expected }) &&
    expectJsonBody(t, res, { expected }) &&
    expectBodyMatches(t, res, { error: nonEmptyString }, { expected })
  )
}

/** Field names that must never be sent back. */
const SECRET_FIELD = /pass|hash|salt/i

/** The first field name, at any depth of `value`, that looks like a password or hash field. */
function secretField(value) {
  if (value === null || typeof value !== 'object') return undefined
  for (const [key, inner] of Object.entries(value)) {
    if (!Array.isArray(value) && SECRET_FIELD.test(key)) return key
    const found = secretField(inner)
    if (found !== undefined) return found
  }
  return undefined
}

/** The body carries neither the password nor a field named like a password or hash. */
function expectNoSecret(t, res, password) {
  const expected = 'the account without its password and without any hash of it'
  const label = `${res.request.method} ${res.request.path}`
  if (res.text.includes(password)) {
    return reportFailure(t, res, { message: `${label} sent the password back in its body, expected it never to be sent`, expected })
  }
  const field = secretField(res.json)
  if (field !== undefined) {
    return reportFailure(t, res, { message: `${label} sent back a field ${JSON.stringify(field)}, expected no password or hash field`, expected })
  }
  t.pass('no password or hash in the body')
  return true
}

const ordinal = n => `${n}${n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}`

/**
 * Sends the failed logins that must each answer 401 (none of them may be refused yet).
 * `usernames` are the spellings to use, one per attempt. Returns false after failing `t`.
 */
async function failUnderLimit(t, usernames, { why } = {}) {
  for (const [count, username] of usernames.entries()) {
    const res = await login({ username, password: wrongPassword() })
    const sofar = count === 0 ? 'no failed login yet' : `only ${count} failed login${count === 1 ? '' : 's'} so far`
    const expected = `status 401 Unauthorized: the account has had ${sofar}${why ? ` ${why}` : ''}; the lock starts after ${MAX_FAILURES} failed logins for this username (failures for other usernames, or from the same address, do not count)`
    if (res.status === 429) {
      reportFailure(t, res, {
        message: `POST /login returned 429 on the ${ordinal(count + 1)} failed login${why ? ` ${why}` : ''}, expected 401: this username has had ${sofar}, and only its own failures count towards its lock`,
        expected,
        extraHeaders: ['Retry-After'],
      })
      return false
    }
    if (!expectStatus(t, res, 401, { expected })) return false
  }
  return true
}

// The locked account shared by the tests of task 3 and 4.
let lockedAccount

/**
 * A 429 answer for the shared locked account: locks it first if needed (signing it up if there
 * is none), then fails a login for it. Undefined after failing `t` (no 429 came).
 */
async function lockedAnswer(t) {
  lockedAccount ??= await createAccount(t)
  if (!lockedAccount) return undefined
  // A server that did not lock after enough failures is not sent them all again by every test.
  lockedAccount.failuresSent ??= 0
  lockedAccount.firstFailureAt ??= Date.now()
  const attempts = Math.max(1, MAX_FAILURES + 1 - lockedAccount.failuresSent)
  let last
  for (let attempt = 1; attempt <= attempts; attempt++) {
    last = await login({ username: lockedAccount.username, password: wrongPassword() })
    // How many failed logins the grader had sent for the account before this one.
    last.failuresBefore = lockedAccount.failuresSent++
    if (last.status === 429) return last
    if (!expectStatus(t, last, [429, 401], { note: LOCKING })) return undefined
  }
  reportFailure(t, last, {
    message: `POST /login (${LOCKING}) still returned 401 after ${lockedAccount.failuresSent} failed logins in a row, expected 429`,
    expected: `status 429 Too Many Requests: the account has had at least ${MAX_FAILURES} failed logins in the last ${WINDOW_SECONDS} seconds`,
  })
  return undefined
}

// Failed logins for one unknown username: sent once, read by the tests of tasks 3 and 4.
let ghostRun
async function failForUnknownUsername() {
  if (!ghostRun) {
    const username = newUsername('Ghost')
    const firstFailureAt = Date.now()
    const answers = []
    for (let i = 0; i <= MAX_FAILURES; i++) answers.push(await login({ username, password: wrongPassword() }))
    ghostRun = { username, answers, firstFailureAt }
  }
  return ghostRun
}

// 1. Sign up

test('1. POST /signup creates an account and answers 201 with its id and username', async t => {
  const username = newUsername()
  const password = newPassword()
  const res = await signup({ username, password })
  const expected = `status 201 Created and the new account as JSON: {"id": <a number or a string>, "username": ${JSON.stringify(username)}} (the username exactly as it was sent), without the password or its hash`
  expectStatus(t, res, 201, { expected }) &&
    expectJsonBody(t, res, { expected }) &&
    expectBodyMatches(t, res, { id: anyId, username }, { expected }) &&
    expectNoSecret(t, res, password)
})

test('1. POST /signup accepts a username of 3 or 32 characters and a password of 8', async t => {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'
  const randomName = length => Array.from({ length }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('')
  const cases = [
    [{ username: randomName(3), password: newPassword() }, 'a 3-character username is the shortest allowed'],
    [{ username: `${randomName(2)}_${randomName(29)}`, password: newPassword() }, 'a 32-character username is the longest allowed'],
    [{ username: newUsername(), password: randomHex(4) }, 'an 8-character password is the shortest allowed'],
  ]
  for (const [json, because] of cases) {
    const res = await signup(json)
    const expected = `status 201 Created, because ${because} (username: 3 to 32 letters, digits or _; password: at least 8 characters)`
    if (!expectStatus(t, res, 201, { expected }) || !expectJsonBody(t, res, { expected })) return
  }
})

test('1. POST /signup answers 409 for a taken username, in any letter case', async t => {
  const account = await createAccount(t)
  if (!account) return
  for (const [username, because] of [
    [account.username, `the username ${JSON.stringify(account.username)} was signed up just before`],
    [otherCase(account.username), `usernames ignore letter case and ${JSON.stringify(account.username)} was signed up just before`],
  ]) {
    if (!expectError(t, await signup({ username, password: newPassword() }), 409, because)) return
  }
})

test('1. POST /signup rejects a bad username or password with 400', async t => {
  const cases = [
    [{ password: newPassword() }, 'the body has no username'],
    [{ username: 'bad name', password: newPassword() }, 'the username contains a space (only letters, digits and _)'],
    [{ username: 'bad-name', password: newPassword() }, 'the username contains a "-" (only letters, digits and _)'],
    [{ username: 12345, password: newPassword() }, 'the username is a number, not a string'],
    [{ username: 'ab', password: newPassword() }, 'the username has 2 characters (at least 3)'],
    [{ username: `${newUsername()}_${randomHex(12)}`.slice(0, 33), password: newPassword() }, 'the username has 33 characters (at most 32)'],
    [{ username: newUsername() }, 'the body has no password'],
    [{ username: newUsername(), password: randomHex(4).slice(0, 7) }, 'the password has 7 characters (at least 8)'],
    [{ username: newUsername(), password: 123456789 }, 'the password is a number, not a string'],
  ]
  for (const [json, because] of cases) {
    if (!expectError(t, await signup(json), 400, because)) return
  }
})

// 2. Log in

// An account the tests of task 2 log in to; created once.
let loginAccount
const accountForLogin = async t => (loginAccount ??= await createAccount(t))

test('2. POST /login answers 200 with the user for the right password', async t => {
  const account = await accountForLogin(t)
  if (!account) return
  const res = await login({ username: account.username, password: account.password })
  const expected = `status 200 OK and {"ok": true, "user": {"id": ${JSON.stringify(account.id)}, "username": ${JSON.stringify(account.username)}}}`
  expectStatus(t, res, 200, { expected }) &&
    expectJsonBody(t, res, { expected }) &&
    expectBodyMatches(t, res, { ok: true, user: { id: account.id, username: account.username } }, { expected }) &&
    expectNoSecret(t, res, account.password)
})

test('2. POST /login accepts the username in any letter case', async t => {
  const account = await accountForLogin(t)
  if (!account) return
  const typed = otherCase(account.username)
  const res = await login({ username: typed, password: account.password })
  const expected = `status 200 OK and {"ok": true, "user": {"id": ${JSON.stringify(account.id)}, "username": ${JSON.stringify(account.username)}}}: usernames ignore letter case, and the user's username is the one signed up, not ${JSON.stringify(typed)}`
  expectStatus(t, res, 200, { expected }) &&
    expectJsonBody(t, res, { expected }) &&
    expectBodyMatches(t, res, { ok: true, user: { id: account.id, username: account.username } }, { expected })
})

/** The JSON body as text, the username the request sent replaced by a placeholder. */
const withoutUsername = res => {
  const sent = String(res.request.json?.username ?? '')
  const text = JSON.stringify(res.json)
  return sent === '' ? text : text.split(sent).join('<username>')
}

// The answer to the first wrong password of an account, compared with the one for an unknown username.
let wrongPasswordAnswer

test('2. POST /login answers 401 for a wrong password', async t => {
  const account = await accountForLogin(t)
  if (!account) return
  const res = await login({ username: account.username, password: wrongPassword() })
  if (expectError(t, res, 401, 'the password is wrong')) wrongPasswordAnswer = res
})

test('2. POST /login answers 401 for an unknown username, the same as for a wrong password', async t => {
  const res = await login({ username: newUsername('Nobody'), password: wrongPassword() })
  if (!expectError(t, res, 401, 'nobody signed up with this username')) return
  if (!wrongPasswordAnswer) return
  // The answers may name the username they were sent; anything else must be the same.
  const same = withoutUsername(res) === withoutUsername(wrongPasswordAnswer)
  const theirs = JSON.stringify(wrongPasswordAnswer.json)
  expectThat(t, res, same, {
    message: `POST /login answered ${JSON.stringify(res.json)} for an unknown username but ${theirs} for a wrong password (both the first failure of their username), expected the same answer`,
    expected: `status 401 and the same body as for a wrong password, ${theirs}: a different answer tells an attacker which usernames exist`,
    pass: 'the same answer as for a wrong password',
  })
})

test('2. POST /login answers 400 when the username or password is missing', async t => {
  for (const [json, because] of [
    [{ password: newPassword() }, 'the body has no username'],
    [{ username: newUsername() }, 'the body has no password'],
    [{ username: 12345678, password: newPassword() }, 'the username is a number, not a string'],
    [{ username: newUsername(), password: 123456789 }, 'the password is a number, not a string'],
  ]) {
    if (!expectError(t, await login(json), 400, because)) return
  }
})

// 3. Lock an account after five failed logins

test('3. After five failed logins the account answers 429', async t => {
  const account = await createAccount(t)
  if (!account) return
  const firstFailureAt = Date.now()
  if (!(await failUnderLimit(t, Array(MAX_FAILURES).fill(account.username)))) return
  const res = await login({ username: account.username, password: wrongPassword() })
  const expected = `status 429 Too Many Requests: the account has had ${MAX_FAILURES} failed logins in the last ${WINDOW_SECONDS} seconds`
  // Shared with the next tests, locked or not (they try to lock it some more).
  lockedAccount ??= { ...account, failuresSent: MAX_FAILURES + 1, firstFailureAt }
  expectStatus(t, res, 429, { expected })
})

const RETRY_AFTER = matcher(
  `whole seconds until the account unlocks, from 1 to ${WINDOW_SECONDS} (e.g. "42")`,
  value => /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= WINDOW_SECONDS,
)

/**
 * Checks the Retry-After header of a 429 `res` for a username whose first failed login the grader
 * sent at `firstFailureAt` (ms). The lock cannot end before that failure is 60 seconds old, so the
 * seconds left are at least 60 minus the seconds since then (one second of slack for rounding).
 */
function expectRetryAfter(t, res, firstFailureAt, { why }) {
  const expected = `a Retry-After header of ${RETRY_AFTER.description}; ${why}`
  if (!expectHeader(t, res, 'Retry-After', RETRY_AFTER, { expected })) return false
  // A lock that came before five failures of this username is not timed by them (other tests
  // report that lock); only the range is checked then.
  if (firstFailureAt === undefined) return true
  const elapsed = (res.receivedAt - firstFailureAt) / 1000
  const least = Math.max(1, Math.floor(WINDOW_SECONDS - elapsed) - 1)
  const value = Number(String(res.headers['retry-after']).trim())
  if (value >= least) {
    t.pass('Retry-After counts the seconds left')
    return true
  }
  return reportFailure(t, res, {
    message: `POST /login returned Retry-After: ${value}, expected at least ${least}: the first of the failed logins was sent only ${elapsed.toFixed(1)} seconds before, so the lock has about ${Math.round(WINDOW_SECONDS - elapsed)} seconds left (Retry-After counts the seconds until the lock ends)`,
    expected,
    extraHeaders: ['Retry-After'],
  })
}

test('3. The 429 answer has a Retry-After header of 1 to 60 seconds', async t => {
  const res = await lockedAnswer(t)
  if (res) {
    const timed = res.failuresBefore >= MAX_FAILURES
    expectRetryAfter(t, res, timed ? lockedAccount.firstFailureAt : undefined, {
      why: timed
        ? `this login came after ${res.failuresBefore} failed logins for the account, the first of them sent ${((res.receivedAt - lockedAccount.firstFailureAt) / 1000).toFixed(1)} seconds before`
        : 'the login was refused with 429',
    })
  }
})

test('3. The 429 answer has a JSON error body', async t => {
  const res = await lockedAnswer(t)
  const expected = 'status 429 Too Many Requests and a JSON body like {"error": "too many failed logins, try again later"}'
  if (res) expectJsonBody(t, res, { expected }) && expectBodyMatches(t, res, { error: nonEmptyString }, { expected })
})

test('3. A locked account refuses even the right password', async t => {
  if (!(await lockedAnswer(t))) return
  const res = await login({ username: lockedAccount.username, password: lockedAccount.password })
  expectStatus(t, res, 429, {
    expected: 'status 429 Too Many Requests: the account is locked, so the password is not even checked (this one is right)',
  })
})

test('3. Failures count per account whatever the letter case of the username', async t => {
  const account = await createAccount(t, { username: newUsername('Case') })
  if (!account) return
  const { username } = account
  const spellings = [username, username.toUpperCase(), username.toLowerCase(), username, username.toUpperCase()]
  if (!(await failUnderLimit(t, spellings, { why: '(in various letter cases)' }))) return
  const res = await login({ username: username.toLowerCase(), password: wrongPassword() })
  expectStatus(t, res, 429, {
    expected: `status 429 Too Many Requests: the ${MAX_FAILURES} failed logins before were for this account too, its username written in other letter cases (${spellings.map(s => JSON.stringify(s)).join(', ')})`,
  })
})

test('3. Unknown usernames are locked after five failures too', async t => {
  const { answers, firstFailureAt } = await failForUnknownUsername()
  const expected = `status 401 for the first ${MAX_FAILURES} failed logins of this username and 429 from the ${ordinal(MAX_FAILURES + 1)} on, as for an account that exists, so a lock does not tell which usernames exist (failures for other usernames do not count)`
  for (const [i, res] of answers.entries()) {
    const want = i < MAX_FAILURES ? 401 : 429
    if (res.status !== want && !res.error) {
      const sofar = i === 0 ? 'no failed login before' : `only ${i} failed login${i === 1 ? '' : 's'} before`
      reportFailure(t, res, {
        message: `POST /login returned ${res.status} on login ${i + 1} of ${answers.length} with a wrong password for an unknown username, expected ${want}${want === 401 ? `: this username had ${sofar}` : ''}`,
        expected,
        extraHeaders: ['Retry-After'],
      })
      return
    }
    if (!expectStatus(t, res, want, { expected })) return
  }
  // The 429 looks like the one for an account that exists.
  const locked = answers.at(-1)
  const expectedBody = 'status 429 and a JSON body like {"error": "too many failed logins, try again later"}, as for an account that exists'
  expectRetryAfter(t, locked, firstFailureAt, {
    why: `as for an account that exists: this unknown username had ${MAX_FAILURES} failed logins, the first sent ${((locked.receivedAt - firstFailureAt) / 1000).toFixed(1)} seconds before`,
  }) &&
    expectJsonBody(t, locked, { expected: expectedBody }) &&
    expectBodyMatches(t, locked, { error: nonEmptyString }, { expected: expectedBody })
})

test('3. A login answered 400 does not count as a failed login', async t => {
  const account = await createAccount(t)
  if (!account) return
  const invalid = [
    { username: account.username },
    { username: account.username, password: 12345678 },
    { username: account.username.toLowerCase() },
    { username: account.username.toUpperCase(), password: 87654321 },
    { username: account.username },
  ]
  for (const json of invalid) {
    const res = await login(json)
    const expected = `status 400 Bad Request: ${JSON.stringify(json)} has no password string, so it is not a login attempt`
    if (!expectStatus(t, res, 400, { note: 'a body without a password string', expected })) return
  }
  await failUnderLimit(t, Array(MAX_FAILURES).fill(account.username), {
    why: `(the ${invalid.length} requests answered 400 just before are not login attempts)`,
  })
})

// 4. Reset on success, one account at a time

test('4. A successful login resets the failure count', async t => {
  const account = await createAccount(t)
  if (!account) return
  const before = MAX_FAILURES - 1
  // The failures in capitals, the success as signed up: both are the same username.
  if (!(await failUnderLimit(t, Array(before).fill(account.username.toUpperCase())))) return
  const success = await login({ username: account.username, password: account.password })
  const expectedSuccess = `status 200 OK: the password is right and there were only ${before} failed logins, one below the limit`
  if (!expectStatus(t, success, 200, { expected: expectedSuccess })) return
  const after = MAX_FAILURES - 1
  for (let i = 1; i <= after; i++) {
    const res = await login({ username: account.username.toLowerCase(), password: wrongPassword() })
    const expected = `status 401 Unauthorized: the successful login reset the count, so this is only failed login number ${i} since (usernames in any letter case are the same username)`
    if (res.status === 429) {
      reportFailure(t, res, {
        message: `POST /login returned 429 on the ${ordinal(i)} failed login after a successful login, expected 401: a successful login resets the count`,
        expected,
        extraHeaders: ['Retry-After'],
      })
      return
    }
    if (!expectStatus(t, res, 401, { expected })) return
  }
})

test('4. Locking one account leaves other accounts alone', async t => {
  // Setup: lock the shared account if the server locks at all; this test is about the others.
  if (lockedAccount) {
    for (let attempt = 0; attempt <= MAX_FAILURES; attempt++) {
      const res = await login({ username: lockedAccount.username, password: wrongPassword() })
      if (res.status !== 401) break
    }
  }
  const account = await createAccount(t)
  if (!account) return
  const why = 'this account has no failed logins; only another account was locked just before'
  const right = await login({ username: account.username, password: account.password })
  if (!expectStatus(t, right, 200, { expected: `status 200 OK: ${why}` })) return
  const wrong = await login({ username: account.username, password: wrongPassword() })
  expectStatus(t, wrong, 401, { expected: `status 401 Unauthorized (wrong password): ${why}` })
})

test('4. Failures for an unknown username lock nothing but that username', async t => {
  const ghost = await failForUnknownUsername()
  const why = `the ${MAX_FAILURES + 1} failed logins before were for another username, ${JSON.stringify(ghost.username)}, that does not exist`
  // Another unknown username: its first failure.
  const other = await login({ username: newUsername('Ghost'), password: wrongPassword() })
  if (!expectStatus(t, other, 401, { expected: `status 401 Unauthorized: the first failed login for this unknown username; ${why}` })) return
  const account = await createAccount(t)
  if (!account) return
  const res = await login({ username: account.username, password: account.password })
  expectStatus(t, res, 200, { expected: `status 200 OK: this account has no failed logins; ${why}` })
})

// 5. Unknown routes

test('5. Unknown routes answer 404 with a JSON body', async t => {
  for (const [method, path] of [
    ['GET', '/does-not-exist'],
    ['GET', '/users'],
    ['POST', '/login/reset'],
  ]) {
    const res = await request({ method, path, json: method === 'POST' ? {} : undefined })
    const expected = `status 404 Not Found and a JSON body: the API has no ${method} ${path} route`
    if (!expectStatus(t, res, 404, { expected }) || !expectJsonBody(t, res, { expected })) return
  }
})
