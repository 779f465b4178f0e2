// Grader for jwt-guard: one top-level test per behaviour in instructions.md, in task order.
// The grader has the server's secret (JWT_SECRET, a fresh random value for every grading) and
// forges every token itself: good ones, and the broken or hostile ones the guard must refuse.
// Each test makes its own tokens, so one broken behaviour fails its own tests only.
import t from 'tap'
import { randomInt } from 'node:crypto'
import {
  base64url,
  expectBodyMatches,
  expectJson,
  expectStatus,
  graded,
  nonEmptyString,
  nowSeconds,
  previewText,
  randomHex,
  reportFailure,
  request,
  requestLabel,
  signJwt,
} from '@backlab/grader'
import { describeToken, hmacToken, signedAs } from './forge.mjs'

const SECRET = process.env.JWT_SECRET
if (!SECRET) throw new Error('JWT_SECRET is not set: the grader signs its tokens with the secret the server has')
const OTHER_SECRET = `not-the-server-secret-${randomHex(8)}`

// Far beyond the 30 seconds of leeway the instructions allow, and just beyond it (45 s: a
// leeway of 60 s lets these in, one of 30 s or less does not, whatever the request's latency).
const EXPIRED_AGO_SECONDS = 120
const NOT_BEFORE_IN_SECONDS = 120
const PAST_LEEWAY_SECONDS = 45
const LIFETIME_SECONDS = 600

const test = graded(t)

const NAMES = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Margaret Hamilton', 'Ken Thompson', 'Barbara Liskov']

/**
 * Claims of a valid token for a random user; `extra` adds or replaces claims. The name's random
 * part is sized so that the payload's JSON is a multiple of 3 bytes: its base64url then needs no
 * "=" padding, so only the tokens of task 2 that are made for it test a decoder's padding, and a
 * decoder that mishandles padding fails the same tests on every run.
 */
function claims(extra = {}) {
  const now = nowSeconds()
  const name = `${NAMES[randomInt(NAMES.length)]} ${randomHex(2)}`
  const sub = `user-${randomHex(4)}`
  for (let fill = ''; ; fill += 'x') {
    const payload = { sub, name: name + fill, iat: now - 5, exp: now + LIFETIME_SECONDS, ...extra }
    if (Buffer.byteLength(JSON.stringify(payload)) % 3 === 0 || fill.length >= 2) return payload
  }
}

function withoutExp(payload) {
  const { exp, ...rest } = payload
  return rest
}

const sign = payload => signJwt(payload, SECRET)

function get(path, authorization) {
  return request({ path, headers: authorization === undefined ? {} : { Authorization: authorization } })
}

/**
 * A WWW-Authenticate header whose challenge starts with "Bearer" (any case). Not expectHeader:
 * only the scheme is checked, not the whole value.
 */
function expectBearerChallenge(t, res, { note, expected }) {
  const label = requestLabel(res.request, note)
  const value = res.headers['www-authenticate']
  const fail = got =>
    reportFailure(t, res, {
      message: `${label} returned ${got}, expected one starting with "Bearer" (e.g. Bearer realm="api")`,
      expected,
      extraHeaders: ['WWW-Authenticate'],
    })
  if (value === undefined) return fail('no WWW-Authenticate header')
  const text = String(value).trim()
  if (!/^bearer(\s|,|$)/i.test(text)) return fail(`WWW-Authenticate: ${previewText(text)}`)
  t.pass(`${label} answered WWW-Authenticate: ${previewText(text)}`)
  return true
}

/**
 * 401 + WWW-Authenticate: Bearer… + {"error": "…"}, `because` says why the request is refused;
 * `hint403` is added only when the answer was a 403.
 */
function expectUnauthorized(t, res, { note, because, hint403 }) {
  const expected = [
    `status 401 Unauthorized, because ${because}${res.status === 403 && hint403 ? ` (${hint403})` : ''},`,
    'a WWW-Authenticate header starting with "Bearer", and a JSON body like {"error": "<what is wrong>"}',
  ].join('\n')
  return (
    expectStatus(t, res, 401, { note, expected }) &&
    expectBearerChallenge(t, res, { note, expected }) &&
    expectJson(t, res, { note, expected }) &&
    expectBodyMatches(t, res, { error: nonEmptyString }, { note, expected })
  )
}

/** Sends every case to `path` and expects each to be refused with 401; stops at the first failure. */
async function expectAllUnauthorized(t, path, cases) {
  for (const { note, authorization, because, hint403 } of cases) {
    if (!expectUnauthorized(t, await get(path, authorization), { note, because, hint403 })) return false
  }
  return true
}

/** A token case: `because` describes it, with the decoded token so the learner can see it. */
const tokenCase = (note, token, why) => ({
  note,
  authorization: `Bearer ${token}`,
  because: `${why}\n(${describeToken(token)})`,
})

/**
 * 200 and {"sub", "name"} taken from the token's claims. `hint401` says what a 401 for this
 * token most likely means; it is shown only when the answer is a 401.
 */
function expectClaims(t, res, payload, note, hint401 = 'a 401 here often means the server does not read the secret from JWT_SECRET') {
  const expected = [
    `status 200 OK and a JSON body with the token's claims: {"sub": ${JSON.stringify(payload.sub)}, "name": ${JSON.stringify(payload.name)}}`,
    `(the token is valid: HS256, signed with the secret from the JWT_SECRET environment variable, expires in ${LIFETIME_SECONDS / 60} minutes${
      res.status === 401 ? `;\n ${hint401})` : ')'
    }`,
  ].join('\n')
  return (
    expectStatus(t, res, 200, { note, expected }) &&
    expectJson(t, res, { note, expected }) &&
    expectBodyMatches(t, res, { sub: payload.sub, name: payload.name }, { note, expected })
  )
}

/**
 * `extra` padded with a filler claim so that the payload's JSON is `remainder` bytes past a
 * multiple of 3: its base64url text then has 4k, 4k+2 or 4k+3 characters (no "=" padding),
 * the lengths a decoder that forgets to restore the padding trips on.
 */
function payloadOfLength(remainder, payload) {
  for (let fill = ''; ; fill += 'x') {
    const candidate = fill === '' ? payload : { ...payload, note: fill }
    if (Buffer.byteLength(JSON.stringify(candidate)) % 3 === remainder) return candidate
  }
}

// 1. A public route

test('1. GET /public answers 200 without a token', async t => {
  const res = await get('/public')
  const expected = 'status 200 OK and a JSON body: /public needs no token'
  expectStatus(t, res, 200, { note: 'no Authorization header', expected }) &&
    expectJson(t, res, { note: 'no Authorization header', expected })
})

test('1. Unknown routes answer 404 with a JSON error', async t => {
  const valid = sign(claims({ role: 'admin' }))
  const cases = [
    ['/does-not-exist', undefined, 'no Authorization header'],
    ['/me/settings', undefined, 'no Authorization header'],
    ['/does-not-exist', `Bearer ${valid}`, 'a valid token'],
    ['/me/settings', `Bearer ${signJwt(claims({ role: 'admin' }), OTHER_SECRET)}`, 'a token signed with another secret'],
    ['/admin/users', 'Bearer not-a-jwt', 'the token "not-a-jwt"'],
  ]
  for (const [path, authorization, what] of cases) {
    const res = await get(path, authorization)
    const expected = [
      `status 404 Not Found (the API has no ${path} route) and a JSON body like {"error": "<what is wrong>"};`,
      'an unknown route is a 404 whatever token comes with it, valid, invalid or none',
    ].join('\n')
    const ok =
      expectStatus(t, res, 404, { note: what, expected }) &&
      expectJson(t, res, { note: what, expected }) &&
      expectBodyMatches(t, res, { error: nonEmptyString }, { note: what, expected })
    if (!ok) return
  }
})

// 2. Who is calling

test('2. GET /me answers 200 with sub and name from a valid token', async t => {
  const plain = payloadOfLength(0, claims({ role: 'user' }))
  if (!expectClaims(t, await get('/me', `Bearer ${sign(plain)}`), plain, 'valid token')) return
  // Its payload's base64url needs two "=" of padding restored before a strict decoder takes it;
  // no iat, extra claims, and a name outside ASCII (the payload is UTF-8 JSON).
  const { iat, ...withoutIat } = claims({ name: `Zoë Ångström ${randomHex(2)}`, jti: randomHex(6), iss: 'grader' })
  const unicodeClaims = payloadOfLength(1, withoutIat)
  if (
    !expectClaims(
      t,
      await get('/me', `Bearer ${sign(unicodeClaims)}`),
      unicodeClaims,
      'valid token without iat, with a name outside ASCII',
      'its base64url parts have no "=" padding (restore it before decoding), and it has no iat (only exp is required)',
    )
  ) {
    return
  }
  // Signed over its header and payload exactly as sent: spaces and another key order in the
  // JSON, which a verifier that re-encodes the decoded JSON before checking gets wrong.
  const spaced = claims({ role: 'user' })
  let text = JSON.stringify(spaced, null, 1)
  while (Buffer.byteLength(text) % 3 !== 2) text += ' '
  const token = hmacToken('{ "typ": "JWT", "alg": "HS256" }', text, SECRET)
  expectClaims(
    t,
    await get('/me', `Bearer ${token}`),
    spaced,
    'valid token whose JSON has spaces and another key order',
    'the signature is the HMAC of header.payload exactly as sent: never re-encode the decoded JSON to check it',
  )
})

test('2. GET /me accepts the Bearer scheme in any case', async t => {
  for (const scheme of ['bearer', 'BEARER', 'bEaReR']) {
    const payload = claims()
    const res = await get('/me', `${scheme} ${sign(payload)}`)
    if (!expectClaims(t, res, payload, `valid token, scheme written "${scheme}"`)) return
  }
})

// 3. No usable token: 401

test('3. GET /me without an Authorization header answers 401 with WWW-Authenticate', async t => {
  expectUnauthorized(t, await get('/me'), { note: 'no Authorization header', because: 'the request has no token' })
})

test('3. GET /me answers 401 when the header is not Bearer <token>', async t => {
  const token = sign(claims())
  await expectAllUnauthorized(t, '/me', [
    { note: 'Basic credentials', authorization: `Basic ${base64url('ada:secret')}`, because: 'the scheme is Basic, not Bearer' },
    { note: 'a valid token without the Bearer scheme', authorization: token, because: 'the header must be "Bearer <token>"' },
    { note: 'a valid token under the scheme "Token"', authorization: `Token ${token}`, because: 'the scheme is Token, not Bearer' },
    { note: '"Bearer" and no token', authorization: 'Bearer', because: 'there is no token after "Bearer"' },
  ])
})

test('3. GET /me answers 401 for a token that is not three dot-separated parts', async t => {
  const [head, body, signature] = sign(claims()).split('.')
  await expectAllUnauthorized(t, '/me', [
    { note: 'token "not-a-jwt"', authorization: 'Bearer not-a-jwt', because: 'a JWT has three parts separated by dots' },
    tokenCase('token of two parts, no signature', `${head}.${body}`, 'a JWT has three parts separated by dots'),
    {
      note: 'a valid token with a fourth part added',
      authorization: `Bearer ${head}.${body}.${signature}.${randomHex(8)}`,
      because: 'a JWT has three parts, not four (its first three are a valid token: the fourth must not be ignored)',
    },
    { note: 'a valid token followed by a dot', authorization: `Bearer ${head}.${body}.${signature}.`, because: 'a JWT has three parts, not four' },
  ])
})

test('3. GET /me answers 401 for a token whose parts are not base64url JSON', async t => {
  const payload = claims()
  const [, body, signature] = sign(payload).split('.')
  await expectAllUnauthorized(t, '/me', [
    { note: 'token "%%%.%%%.%%%"', authorization: 'Bearer %%%.%%%.%%%', because: 'its parts are not base64url' },
    {
      note: 'token whose header is not JSON',
      authorization: `Bearer ${base64url('not json')}.${body}.${signature}`,
      because: 'its header decodes to "not json", which is not JSON',
    },
    // Signed with the right secret: a server that checks the signature first, then parses
    // the payload without care, crashes on this one.
    tokenCase(
      'signed token whose payload is not JSON',
      hmacToken({ alg: 'HS256', typ: 'JWT' }, `{"sub": "${payload.sub}"`, SECRET),
      'its payload is not valid JSON, even though the signature is right',
    ),
  ])
})

test('3. GET /me answers 401 for a signed token whose header or payload is not a JSON object', async t => {
  const header = { alg: 'HS256', typ: 'JWT' }
  const sub = `user-${randomHex(4)}`
  const cases = [
    ['payload is a JSON string', header, JSON.stringify(sub)],
    ['payload is a JSON array', header, JSON.stringify([claims()])],
    ['payload is a number', header, String(nowSeconds() + LIFETIME_SECONDS)],
    ['payload is null', header, 'null'],
    ['header is a JSON array', JSON.stringify([header]), JSON.stringify(claims())],
    ['header is null', 'null', JSON.stringify(claims())],
  ]
  await expectAllUnauthorized(
    t,
    '/me',
    cases.map(([what, head, body]) => ({
      note: `signed token whose ${what}`,
      authorization: `Bearer ${hmacToken(head, body, SECRET)}`,
      because: `its ${what}, not a JSON object, even though the signature is right\n(header ${head === header ? JSON.stringify(head) : head}, payload ${body})`,
    })),
  )
})

// 4. Signature and algorithm

test('4. GET /me rejects a token with a wrong or missing signature', async t => {
  const payload = claims()
  const [head, body] = sign(payload).split('.')
  const [otherHead, otherBody, otherSignature] = sign(claims()).split('.')
  await expectAllUnauthorized(t, '/me', [
    tokenCase('token signed with another secret', signJwt(payload, OTHER_SECRET), 'it is signed with another secret, not JWT_SECRET'),
    tokenCase('token with an empty signature', `${head}.${body}.`, 'it has no signature'),
    tokenCase(
      "token carrying another token's signature",
      `${head}.${body}.${otherSignature}`,
      `its signature belongs to another token (${otherHead}.${otherBody})`,
    ),
  ])
})

test('4. GET /admin rejects a token whose payload was changed after signing', async t => {
  const payload = claims({ role: 'user' })
  const [head, , signature] = sign(payload).split('.')
  const forged = `${head}.${base64url({ ...payload, role: 'admin' })}.${signature}`
  await expectAllUnauthorized(t, '/admin', [
    tokenCase(
      'token whose role was changed from "user" to "admin"',
      forged,
      'its payload was changed after it was signed (role "user" became "admin"), so the signature no longer matches',
    ),
  ])
})

test('4. GET /me rejects unsigned tokens (alg none)', async t => {
  const payload = claims()
  const signature = sign(payload).split('.')[2]
  await expectAllUnauthorized(t, '/me', [
    ...['none', 'None', 'NONE'].map(alg =>
      tokenCase(`token with alg "${alg}", no signature`, signJwt(payload, SECRET, { alg: 'none', header: { alg } }), `alg "${alg}" means unsigned; only HS256 is accepted`),
    ),
    tokenCase(
      'token with alg "none" and an HS256 signature',
      signJwt(payload, SECRET, { alg: 'none', signature }),
      'its header says alg "none"; only HS256 is accepted',
    ),
  ])
})

test('4. GET /me rejects an HS256 signature under a header claiming another alg', async t => {
  const payload = claims()
  const cases = ['HS512', 'RS256', 'hs256', 'HS256 '].map(alg =>
    tokenCase(
      `alg ${JSON.stringify(alg)} in the header, HS256 signature`,
      hmacToken({ alg, typ: 'JWT' }, payload, SECRET),
      `its header says alg ${JSON.stringify(alg)}; only exactly "HS256" is accepted, whatever the signature`,
    ),
  )
  cases.push(
    tokenCase('a header without alg, HS256 signature', hmacToken({ typ: 'JWT' }, payload, SECRET), 'its header has no alg; only "HS256" is accepted'),
  )
  await expectAllUnauthorized(t, '/me', cases)
})

test('4. GET /me rejects a token correctly signed with HS512', async t => {
  const token = signedAs('HS512', claims(), SECRET)
  await expectAllUnauthorized(t, '/me', [
    tokenCase('token signed with HS512 and the right secret', token, 'only HS256 is accepted, even for a correct HS512 signature'),
  ])
})

// 5. Time claims

test('5. GET /me rejects an expired token', async t => {
  const now = nowSeconds()
  await expectAllUnauthorized(t, '/me', [
    tokenCase(
      'token that expired 2 minutes ago',
      sign(claims({ iat: now - 900, exp: now - EXPIRED_AGO_SECONDS })),
      `its exp is ${EXPIRED_AGO_SECONDS} seconds in the past`,
    ),
    tokenCase(
      'token that expired 45 seconds ago',
      sign(claims({ iat: now - 900, exp: now - PAST_LEEWAY_SECONDS })),
      `its exp is ${PAST_LEEWAY_SECONDS} seconds in the past, beyond the 30 seconds of leeway allowed at most`,
    ),
  ])
})

test('5. GET /me rejects a token without exp', async t => {
  const token = sign(withoutExp(claims()))
  await expectAllUnauthorized(t, '/me', [tokenCase('token without exp', token, 'exp is required')])
})

test('5. GET /me rejects a token that is not valid yet (nbf)', async t => {
  const now = nowSeconds()
  await expectAllUnauthorized(t, '/me', [
    tokenCase(
      'token whose nbf is 2 minutes ahead',
      sign(claims({ nbf: now + NOT_BEFORE_IN_SECONDS })),
      `its nbf is ${NOT_BEFORE_IN_SECONDS} seconds in the future`,
    ),
    tokenCase(
      'token whose nbf is 45 seconds ahead',
      sign(claims({ nbf: now + PAST_LEEWAY_SECONDS })),
      `its nbf is ${PAST_LEEWAY_SECONDS} seconds in the future, beyond the 30 seconds of leeway allowed at most`,
    ),
  ])
})

test('5. GET /me accepts a token whose nbf has passed', async t => {
  const now = nowSeconds()
  const payload = claims({ iat: now - 300, nbf: now - 120 })
  expectClaims(
    t,
    await get('/me', `Bearer ${sign(payload)}`),
    payload,
    'valid token whose nbf was 2 minutes ago',
    'its nbf is 2 minutes in the past, so it is valid now: only an nbf in the future is refused',
  )
})

// 6. Admins only

test('6. GET /admin answers 200 to a token with role admin', async t => {
  const res = await get('/admin', `Bearer ${sign(claims({ role: 'admin' }))}`)
  const expected = 'status 200 OK and a JSON body: the token is valid and its role claim is "admin"'
  expectStatus(t, res, 200, { note: 'valid token, role "admin"', expected }) &&
    expectJson(t, res, { note: 'valid token, role "admin"', expected })
})

test('6. GET /admin answers 403 to a valid token without role admin', async t => {
  const cases = [
    { note: 'valid token, role "user"', payload: claims({ role: 'user' }), why: 'its role is "user"' },
    { note: 'valid token, no role claim', payload: claims(), why: 'it has no role claim' },
    { note: 'valid token, role "Admin"', payload: claims({ role: 'Admin' }), why: 'its role is "Admin", not exactly "admin"' },
    { note: 'valid token, role "administrator"', payload: claims({ role: 'administrator' }), why: 'its role is "administrator", not exactly "admin"' },
    { note: 'valid token, role ["admin"]', payload: claims({ role: ['admin'] }), why: 'its role is a list, not the string "admin"' },
  ]
  for (const { note, payload, why } of cases) {
    const res = await get('/admin', `Bearer ${sign(payload)}`)
    const expected = [
      `status 403 Forbidden, because the token is valid but ${why},`,
      'and a JSON body like {"error": "<what is wrong>"}',
    ].join('\n')
    const ok =
      expectStatus(t, res, 403, { note, expected }) &&
      expectJson(t, res, { note, expected }) &&
      expectBodyMatches(t, res, { error: nonEmptyString }, { note, expected })
    if (!ok) return
  }
})

test('6. GET /admin answers 401, not 403, without a valid token', async t => {
  // Every kind of invalid token, each with every role a guard that reads the claims before it
  // verifies them could act on: 403 for any of them means the role was read from a token that
  // was never proven genuine.
  const now = nowSeconds()
  const kinds = [
    ['signed with another secret', role => signJwt(claims(role), OTHER_SECRET), 'the signature is wrong'],
    ['that expired 2 minutes ago', role => sign(claims({ ...role, iat: now - 900, exp: now - EXPIRED_AGO_SECONDS })), 'the token has expired'],
    ['with alg "none"', role => signJwt(claims(role), SECRET, { alg: 'none' }), 'an unsigned token (alg "none") is never valid'],
    ['signed with HS512', role => signedAs('HS512', claims(role), SECRET), 'only HS256 is accepted'],
    ['without exp', role => sign(withoutExp(claims(role))), 'exp is required'],
    ['whose nbf is 2 minutes ahead', role => sign(claims({ ...role, nbf: now + NOT_BEFORE_IN_SECONDS })), 'the token is not valid yet'],
    ['with an empty signature', role => `${sign(claims(role)).split('.').slice(0, 2).join('.')}.`, 'it has no signature'],
  ]
  const roles = [
    ['role "user"', { role: 'user' }],
    ['no role', {}],
    ['role "Admin"', { role: 'Admin' }],
    ['role "admin"', { role: 'admin' }],
  ]
  const hint403 = '403 is for valid tokens without the right role; verify the token before reading its role'
  const cases = [
    { note: 'no Authorization header', because: 'the request has no token', hint403 },
    { note: 'Basic credentials', authorization: `Basic ${base64url('admin:admin')}`, because: 'the scheme is Basic, not Bearer', hint403 },
    { note: 'token "not-a-jwt"', authorization: 'Bearer not-a-jwt', because: 'a JWT has three parts separated by dots', hint403 },
  ]
  for (const [kind, make, why] of kinds) {
    for (const [roleText, role] of roles) {
      cases.push({
        ...tokenCase(`token ${kind}, ${roleText}`, make(role), `${why}: an invalid token is a 401 whatever its role claim says`),
        hint403: '403 is for valid tokens only: the role was read from a token that was never verified; verify it first, then read its claims',
      })
    }
  }
  await expectAllUnauthorized(t, '/admin', cases)
})
