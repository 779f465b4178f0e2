// Grader for session-cookies: one top-level test per behaviour in instructions.md, in task order.
// request() never sends cookies by itself: the grader reads Set-Cookie and sends `Cookie: sid=…`
// back on purpose, which is also how it replays a cookie after logout or invents one.
// Most tests share one user (created by the first test that needs it) and log in for their own
// session, so hashing passwords does not make the suite slow; a broken signup fails them all at
// setup, with a message saying so.
import t from 'tap'
import { randomBytes } from 'node:crypto'
import {
  cookiesSet,
  expectBodyMatches,
  expectJsonBody,
  expectStatus,
  expectThat,
  graded,
  nonEmptyString,
  preview,
  previewText,
  randomHex,
  reportFailure,
  request,
  requestLabel,
} from '@backlab/grader'

const test = graded(t)

const COOKIE = 'sid'
const MIN_ID_LENGTH = 22 // 128 bits in base64url; hex needs 32 characters for the same
const ID_CHARSET = /^[A-Za-z0-9._~+/=%-]+$/
const SIGNING_UP = 'signing up a user for this test'
const LOGGING_IN = 'logging in for this test'

const newUser = () => ({ username: `user_${randomHex(4)}`, password: `pw-${randomHex(8)}` })
const inventedId = () => randomBytes(32).toString('base64url')

const withCookie = value => ({ Cookie: `${COOKIE}=${value}` })
const signup = json => request({ method: 'POST', path: '/signup', json })
const login = (user, headers = {}) =>
  request({ method: 'POST', path: '/login', json: { username: user.username, password: user.password }, headers })
const me = (headers = {}) => request({ path: '/me', headers })
const logout = sid => request({ method: 'POST', path: '/logout', headers: withCookie(sid) })

/** The last `sid` cookie a response sets (the one a browser keeps), or undefined. */
function sessionCookie(res) {
  return cookiesSet(res).filter(cookie => cookie.name === COOKIE).at(-1)
}

/** Fails `t` showing the response's Set-Cookie headers, which are what these checks are about. */
function failWithCookies(t, res, message, expected) {
  return reportFailure(t, res, { message, expected, extraHeaders: ['Set-Cookie'] })
}

/** A user that exists on the server, or undefined after failing `t` (setup). */
async function signedUp(t, user = newUser()) {
  const res = await signup(user)
  return expectStatus(t, res, [201, 200], { note: SIGNING_UP }) ? user : undefined
}

// One user for the tests that only need "some user"; each of them still logs in for itself.
let sharedUser
async function someUser(t) {
  if (sharedUser) return sharedUser
  const user = await signedUp(t)
  if (user) sharedUser = user
  return user
}

/**
 * Logs `user` in and returns the session id the server set, or undefined after failing `t`.
 * `note` says why (setup or the check itself); `headers` may send a cookie along.
 */
async function loggedIn(t, user, { note = LOGGING_IN, headers } = {}) {
  const res = await login(user, headers)
  const expected = `status 200 OK and a Set-Cookie: ${COOKIE}=<session id> header`
  if (!expectStatus(t, res, [200, 201, 204], { note, expected })) return undefined
  const cookie = sessionCookie(res)
  if (!cookie || cookie.value === '') {
    const label = requestLabel(res.request, note)
    const got = cookie ? `an empty ${COOKIE} cookie` : `no ${COOKIE} cookie`
    failWithCookies(t, res, `${label} set ${got}, expected Set-Cookie: ${COOKIE}=<session id>`, expected)
    return undefined
  }
  t.pass(`${requestLabel(res.request, note)} set a ${COOKIE} cookie`)
  return { id: cookie.value, res }
}

function expectUnauthorized(t, res, { note, because }) {
  const expected = `status 401 Unauthorized, because ${because}, and a JSON body like {"error": "<what is wrong>"}`
  return (
    expectStatus(t, res, 401, { note, expected }) &&
    expectJsonBody(t, res, { note, expected }) &&
    expectBodyMatches(t, res, { error: nonEmptyString }, { note, expected })
  )
}

/** Field names that must never be in a user object sent back. */
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

function expectNoPassword(t, res, user, label) {
  const leakedField = secretField(res.json)
  return (
    expectThat(t, res, !res.text.includes(user.password), {
      message: `${label} returned the password in its body, expected it never to be sent back`,
      expected: 'the user without the password (nor any hash of it)',
      pass: 'the body does not contain the password',
    }) &&
    expectThat(t, res, leakedField === undefined, {
      message: `${label} returned a field ${preview(leakedField)}, expected no password or hash field`,
      expected: 'the user without the password (nor any hash of it)',
      pass: 'the body has no password or hash field',
    })
  )
}

// 1. Sign up

test('1. POST /signup creates a user and answers 201 without the password', async t => {
  const user = newUser()
  const res = await signup(user)
  const expected = `status 201 Created and the new user as JSON, e.g. {"id": 1, "username": ${JSON.stringify(user.username)}}, without the password`
  expectStatus(t, res, 201, { expected }) &&
    expectJsonBody(t, res, { expected }) &&
    expectBodyMatches(t, res, { username: user.username }, { expected }) &&
    expectNoPassword(t, res, user, 'POST /signup')
})

test('1. POST /signup rejects a missing username or password with 400', async t => {
  const { username, password } = newUser()
  const cases = [
    { json: { password }, because: 'the body has no username' },
    { json: { username }, because: 'the body has no password' },
    { json: { username: '', password }, because: 'the username is empty' },
    { json: { username, password: '' }, because: 'the password is empty' },
    { json: { username: 42, password }, because: 'the username is not a string' },
    { json: { username, password: 42 }, because: 'the password is not a string' },
  ]
  for (const { json, because } of cases) {
    const res = await signup(json)
    const expected = `status 400 Bad Request, because ${because}, and a JSON body like {"error": "<what is wrong>"}`
    const ok =
      expectStatus(t, res, 400, { expected }) &&
      expectJsonBody(t, res, { expected }) &&
      expectBodyMatches(t, res, { error: nonEmptyString }, { expected })
    if (!ok) return
  }
})

test('1. POST /signup answers 409 for a username that is taken', async t => {
  const user = await signedUp(t)
  if (!user) return
  const res = await signup({ username: user.username, password: `other-${randomHex(6)}` })
  const expected = `status 409 Conflict, because user ${JSON.stringify(user.username)} already exists, and a JSON error body`
  expectStatus(t, res, 409, { note: 'the same username again', expected }) &&
    expectJsonBody(t, res, { note: 'the same username again', expected }) &&
    expectBodyMatches(t, res, { error: nonEmptyString }, { note: 'the same username again', expected })
})

// 2. Log in

test('2. POST /login answers 200 with the user and sets a sid cookie', async t => {
  const user = await someUser(t)
  if (!user) return
  const res = await login(user)
  const expected = `status 200 OK, the user as JSON ({"username": ${JSON.stringify(user.username)}, …}) and a Set-Cookie: ${COOKIE}=<session id> header`
  const ok =
    expectStatus(t, res, 200, { expected }) &&
    expectJsonBody(t, res, { expected }) &&
    expectBodyMatches(t, res, { username: user.username }, { expected }) &&
    expectNoPassword(t, res, user, 'POST /login')
  if (!ok) return
  const cookie = sessionCookie(res)
  if (!cookie) {
    const names = cookiesSet(res).map(c => c.name)
    const got = names.length ? `cookies named ${names.map(n => preview(n)).join(', ')} but none named ${COOKIE}` : 'no Set-Cookie header'
    failWithCookies(t, res, `POST /login set ${got}, expected Set-Cookie: ${COOKIE}=<session id>`, expected)
    return
  }
  expectThat(t, res, cookie.value !== '', {
    message: `POST /login set an empty ${COOKIE} cookie, expected the session id as its value`,
    expected,
    pass: `POST /login set a ${COOKIE} cookie`,
  })
})

test('2. POST /login answers 401 for a wrong password or an unknown user', async t => {
  const user = await someUser(t)
  if (!user) return
  const cases = [
    { user: { ...user, password: `wrong-${randomHex(6)}` }, note: 'wrong password', because: 'the password is wrong' },
    { user: newUser(), note: 'unknown user', because: 'no user has this username' },
  ]
  const answers = []
  for (const { user: sent, note, because } of cases) {
    const res = await login(sent)
    if (!expectUnauthorized(t, res, { note, because })) return
    answers.push(res)
    const cookie = sessionCookie(res)
    const ok = expectThat(t, res, !cookie || cookie.value === '', {
      message: `POST /login (${note}) set a ${COOKIE} cookie ${previewText(cookie?.value ?? '')}, expected no session for a failed login`,
      expected: `status 401 and no Set-Cookie: ${COOKIE}=<session id>`,
      pass: 'no session cookie for a failed login',
    })
    if (!ok) return
  }
  const [wrongPassword, unknownUser] = answers
  // The answers may name the username they were sent; anything else must be the same.
  const withoutUsername = res => res.text.split(res.request.json.username).join('<username>')
  expectThat(t, unknownUser, withoutUsername(unknownUser) === withoutUsername(wrongPassword), {
    message: `POST /login answered ${previewText(unknownUser.text)} for an unknown user but ${previewText(wrongPassword.text)} for a wrong password, expected the same answer for both`,
    expected: `the same 401 answer as for a wrong password (${previewText(wrongPassword.text)}), so it does not tell which usernames exist`,
    pass: 'the same answer for a wrong password and an unknown user',
  })
})

test('2. The sid cookie is HttpOnly, SameSite=Lax or Strict, and Path=/', async t => {
  const user = await someUser(t)
  const session = user && (await loggedIn(t, user))
  if (!session) return
  const cookie = sessionCookie(session.res)
  const expected = `Set-Cookie: ${COOKIE}=<session id>; Path=/; HttpOnly; SameSite=Lax (or SameSite=Strict); other attributes are up to you`
  const problem = (() => {
    if (!cookie.httpOnly) return 'without HttpOnly, expected HttpOnly (page scripts must not read the session id)'
    const sameSite = cookie.sameSite?.toLowerCase()
    if (sameSite === undefined) return 'without SameSite, expected SameSite=Lax or SameSite=Strict'
    if (sameSite !== 'lax' && sameSite !== 'strict') return `with SameSite=${previewText(cookie.sameSite)}, expected SameSite=Lax or SameSite=Strict`
    if (cookie.path === undefined) return 'without Path, expected Path=/ (the session is for the whole site)'
    if (cookie.path !== '/') return `with Path=${previewText(cookie.path)}, expected Path=/ (the session is for the whole site)`
    return undefined
  })()
  if (problem) {
    failWithCookies(t, session.res, `POST /login set the ${COOKIE} cookie ${problem}`, expected)
    return
  }
  t.pass(`the ${COOKIE} cookie has HttpOnly, SameSite and Path=/`)
})

// 3. Who is logged in

/**
 * Cookie headers that carry the session id `id` among other cookies, each with a hint that
 * names what only this header tests (shown when the plain `sid=<id>` header worked).
 */
function cookieHeadersWith(id) {
  const other = inventedId()
  return [
    { cookie: `theme=dark; ${COOKIE}=${id}`, hint: `the ${COOKIE} cookie is not the first cookie of the header: read every cookie, not only the first` },
    { cookie: `${COOKIE}=${id}; theme=dark`, hint: `another cookie follows ${COOKIE}: its value ends at the ";"` },
    { cookie: `theme=dark; ${COOKIE}=${id}; lang=en`, hint: `the ${COOKIE} cookie is in the middle of the header` },
    { cookie: `theme=dark;${COOKIE}=${id};lang=en`, hint: 'no space follows the ";" between cookies (a space there is optional)' },
    {
      cookie: `x${COOKIE}=${other}; sidebar=collapsed; ${COOKIE}=${id}`,
      hint: `cookies named x${COOKIE} and sidebar come first: only the cookie named exactly ${COOKIE} is the session`,
    },
  ]
}

test('3. GET /me answers 200 with the user of the session', async t => {
  const user = await someUser(t)
  const session = user && (await loggedIn(t, user))
  if (!session) return
  // A second user logged in after the first: each session must answer its own user.
  const other = await signedUp(t)
  const otherSession = other && (await loggedIn(t, other))
  if (!otherSession) return
  const expectedFor = u => `status 200 OK and the user of the session as JSON: {"username": ${JSON.stringify(u.username)}, …}`
  for (const [who, sid, note] of [
    [user, session.id, `the cookie POST /login set for ${user.username}, before ${other.username} logged in`],
    [other, otherSession.id, `the cookie POST /login set for ${other.username}`],
  ]) {
    const res = await me(withCookie(sid))
    const expected = expectedFor(who)
    const ok =
      expectStatus(t, res, 200, { note, expected }) &&
      expectJsonBody(t, res, { note, expected }) &&
      expectBodyMatches(t, res, { username: who.username }, { note, expected }) &&
      expectNoPassword(t, res, who, 'GET /me')
    if (!ok) return
  }
  // The same session id among other cookies, in every position.
  for (const { cookie, hint } of cookieHeadersWith(session.id)) {
    const res = await me({ Cookie: cookie })
    const shown = cookie.replace(session.id, '<session id>').replace(/=[A-Za-z0-9_-]{43}/, '=<random>')
    const note = `Cookie: ${shown}`
    const expected = `${expectedFor(user)}: the Cookie header holds the ${COOKIE} cookie of a session, and ${hint}`
    const ok =
      expectStatus(t, res, 200, { note, expected }) &&
      expectJsonBody(t, res, { note, expected }) &&
      expectBodyMatches(t, res, { username: user.username }, { note, expected })
    if (!ok) return
  }
})

test('3. GET /me answers 401 without a session cookie', async t => {
  const cases = [
    { headers: {}, note: 'no Cookie header', because: 'the request has no session cookie' },
    { headers: { Cookie: 'theme=dark' }, note: 'only a theme cookie', because: `the request has no ${COOKIE} cookie` },
  ]
  for (const { headers, note, because } of cases) {
    if (!expectUnauthorized(t, await me(headers), { note, because })) return
  }
  // Cookies whose names contain "sid", holding the id of an open session: still no cookie named sid.
  const user = await someUser(t)
  const session = user && (await loggedIn(t, user))
  if (!session) return
  expectUnauthorized(t, await me({ Cookie: `x${COOKIE}=${session.id}; ${COOKIE}_old=${session.id}; theme=dark` }), {
    note: `cookies named x${COOKIE} and ${COOKIE}_old holding an open session's id`,
    because: `the request has no cookie named exactly ${COOKIE} (x${COOKIE} and ${COOKIE}_old are other cookies)`,
  })
})

test('3. GET /me answers 401 for a session id the server never issued', async t => {
  const user = await someUser(t)
  if (!user) return
  const cases = [
    { id: inventedId(), note: 'a random session id', because: 'the server never issued this session id' },
    {
      id: user.username,
      note: "a user's username as the session id",
      because: `the server never issued the session id ${JSON.stringify(user.username)}: it is just the name of a user, which anyone can know`,
    },
    { id: '', note: `an empty ${COOKIE} cookie`, because: 'the session id is empty' },
  ]
  for (const { id, note, because } of cases) {
    if (!expectUnauthorized(t, await me(withCookie(id)), { note, because })) return
  }
})

// 4. Log out

test('4. POST /logout answers 204 or 200', async t => {
  const user = await someUser(t)
  const session = user && (await loggedIn(t, user))
  if (!session) return
  const res = await logout(session.id)
  const expected = 'status 204 No Content (or 200 OK with a JSON body): the session is over'
  if (!expectStatus(t, res, [204, 200], { note: 'with the session cookie', expected })) return
  if (res.status === 200) expectJsonBody(t, res, { note: 'with the session cookie, answered 200', expected })
})

test('4. After POST /logout the old sid cookie answers 401', async t => {
  const user = await someUser(t)
  const session = user && (await loggedIn(t, user))
  if (!session) return
  const before = await me(withCookie(session.id))
  if (!expectStatus(t, before, 200, { note: 'checking the session works before logging out' })) return
  // Other cookies around the session cookie, as a browser sends them.
  const out = await request({ method: 'POST', path: '/logout', headers: { Cookie: `theme=dark; ${COOKIE}=${session.id}; lang=en` } })
  if (!expectStatus(t, out, [204, 200], { note: 'logging out for this test, the sid cookie between two other cookies' })) return
  const res = await me(withCookie(session.id))
  expectUnauthorized(t, res, {
    note: 'the same sid cookie, sent again after POST /logout',
    because:
      'the session was ended by POST /logout: the server must forget it, not only ask the browser to delete the cookie (a copy of the cookie must stop working)',
  })
})

// 5. Session ids

/** Why `id` does not look like a random session id, or undefined. */
function idProblem(id, username) {
  if (id.length < MIN_ID_LENGTH) {
    return `is ${id.length} character${id.length === 1 ? '' : 's'} long, expected at least ${MIN_ID_LENGTH} random characters (16 random bytes or more)`
  }
  if (!ID_CHARSET.test(id)) return 'has characters that are not safe in a cookie, expected base64url or hex'
  if (id.includes(username)) return `contains the username ${JSON.stringify(username)}, expected nothing but random characters`
  // Data signed into the cookie (e.g. Flask's session cookie) is only base64: readable by anyone.
  const readable = [id, ...id.split('.')].map(part => Buffer.from(part, 'base64url').toString('latin1'))
  if (readable.some(text => text.includes(username))) {
    return `decodes (base64) to text containing the username ${JSON.stringify(username)}, expected nothing but random characters`
  }
  return undefined
}

/** Random ids of the same length differ almost everywhere; a counter or a clock in only a few places. */
const MIN_DIFFERENT_CHARACTERS = 8

function differentCharacters(a, b) {
  let count = 0
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) count++
  return count
}

test('5. Session ids are long and random, not the username or a counter', async t => {
  const user = await someUser(t)
  const session = user && (await loggedIn(t, user))
  if (!session) return
  const expected = `a session id of at least ${MIN_ID_LENGTH} random characters, e.g. 32 random bytes in base64url (crypto.randomBytes(32).toString('base64url') in Node, secrets.token_urlsafe(32) in Python)`
  const problem = idProblem(session.id, user.username)
  if (problem) {
    failWithCookies(t, session.res, `POST /login set ${COOKIE}=${previewText(session.id)}, which ${problem}`, expected)
    return
  }
  t.pass('the session id looks random')
  // Two more logins: ids that share most of their characters come from a counter or a clock.
  let previous = session
  for (let i = 0; i < 2; i++) {
    const next = await loggedIn(t, user, { note: 'the same user again' })
    if (!next) return
    const nextProblem = idProblem(next.id, user.username)
    if (nextProblem) {
      failWithCookies(t, next.res, `POST /login (the same user again) set ${COOKIE}=${previewText(next.id)}, which ${nextProblem}`, expected)
      return
    }
    if (next.id.length === previous.id.length && next.id !== previous.id) {
      const differ = differentCharacters(next.id, previous.id)
      const ok = expectThat(t, next.res, differ >= MIN_DIFFERENT_CHARACTERS, {
        message: `POST /login set ${COOKIE}=${previewText(previous.id)} and, at the next login, ${COOKIE}=${previewText(next.id)}: they differ in only ${differ} of ${next.id.length} characters, expected random ids (a counter or the time changes only a few characters)`,
        expected,
        pass: 'the ids of two logins differ in most characters',
      })
      if (!ok) return
    }
    previous = next
  }
})

test('5. Every login gets a new session id', async t => {
  const user = await someUser(t)
  const first = user && (await loggedIn(t, user))
  if (!first) return
  const expected = 'a new session id on every login: never one the client sent, never one issued before'
  const again = await loggedIn(t, user, { note: 'the same user again, without a cookie' })
  if (!again) return
  const ok = expectThat(t, again.res, again.id !== first.id, {
    message: `POST /login (the same user again, without a cookie) set ${COOKIE}=${previewText(again.id)} again, expected a new id`,
    expected,
    pass: 'a second login got a new id',
  })
  if (!ok) return
  const note = `the same user again, sending the ${COOKIE} cookie of a session it already has`
  const res = await login(user, withCookie(first.id))
  if (!expectStatus(t, res, [200, 201, 204], { note })) return
  const renewed = sessionCookie(res)
  if (!renewed || renewed.value === '' || renewed.value === first.id) {
    const got = renewed && renewed.value !== '' ? `${COOKIE}=${previewText(renewed.value)}, the id it was sent` : `no new ${COOKIE} cookie`
    failWithCookies(t, res, `POST /login (${note}) set ${got}, expected a new session id`, expected)
    return
  }
  t.pass('logging in while holding a session gave a new id')
})

test('5. POST /login does not adopt a session id the client sent (fixation)', async t => {
  const user = await someUser(t)
  if (!user) return
  const invented = inventedId()
  const note = `with a ${COOKIE} cookie the client made up`
  const expected = [
    `a Set-Cookie: ${COOKIE}=<a new id> header, and the made-up id still unknown to the server:`,
    'an attacker who planted a session id in the victim\'s browser must not be logged in when the victim logs in',
  ].join('\n')
  const session = await loggedIn(t, user, { note, headers: withCookie(invented) })
  if (!session) return
  const ok = expectThat(t, session.res, session.id !== invented, {
    message: `POST /login (${note}) set ${COOKIE} to the id the client sent, expected a new id from the server`,
    expected,
    pass: 'the server issued its own id',
  })
  if (!ok) return
  expectUnauthorized(t, await me(withCookie(invented)), {
    note: 'the made-up session id, after that login',
    because: 'the server never issued this session id: logging in must not make it valid',
  })
})
