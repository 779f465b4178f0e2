// Grader for jwt-guard: one top-level test per behaviour in instructions.md, in task order.
// The grader has the server's secret (JWT_SECRET, a fresh random value for every grading) and
// forges every token itself: good ones, and the broken or hostile ones the guard must refuse.
// Each test makes its own tokens, so one broken behaviour fails its own tests only.
import t from 'tap'
import { randomInt } from 'node:crypto'
import {
  base64url,
  expectBodyMatches,
  expectJsonBody,
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

// Far beyond the 30 seconds of leeway the instructions allow.
const EXPIRED_AGO_SECONDS = 120
const NOT_BEFORE_IN_SECONDS = 120
const LIFETIME_SECONDS = 600

const test = graded(t)

const NAMES = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Margaret Hamilton', 'Ken Thompson', 'Barbara Liskov']

/** Claims of a valid token for a random user; `extra` adds or replaces claims. */
function claims(extra = {}) {
  const now = nowSeconds()
  return {
    sub: `user-${randomHex(4)}`,
    name: `${NAMES[randomInt(NAMES.length)]} ${randomHex(2)}`,
    iat: now - 5,
    exp: now + LIFETIME_SECONDS,
    ...extra,
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

/** 401 + WWW-Authenticate: Bearer… + {"error": "…"}, `because` says why the request is refused. */
function expectUnauthorized(t, res, { note, because }) {
  const expected = [
    `status 401 Unauthorized, because ${because},`,
    'a WWW-Authenticate header starting with "Bearer", and a JSON body like {"error": "<what is wrong>"}',
  ].join('\n')
  return (
    expectStatus(t, res, 401, { note, expected }) &&
    expectBearerChallenge(t, res, { note, expected }) &&
    expectJsonBody(t, res, { note, expected }) &&
    expectBodyMatches(t, res, { error: nonEmptyString }, { note, expected })
  )
}

/** Sends every case to `path` and expects each to be refused with 401; stops at the first failure. */
async function expectAllUnauthorized(t, path, cases) {
  for (const { note, authorization, because } of cases) {
    if (!expectUnauthorized(t, await get(path, authorization), { note, because })) return false
  }
  return true
}

/** A token case: `because` describes it, with the decoded token so the learner can see it. */
const tokenCase = (note, token, why) => ({
  note,
  authorization: `Bearer ${token}`,
  because: `${why}\n(${describeToken(token)})`,
})

/** 200 and {"sub", "name"} taken from the token's claims. */
function expectClaims(t, res, payload, note) {
  const expected = [
    `status 200 OK and a JSON body with the token's claims: {"sub": ${JSON.stringify(payload.sub)}, "name": ${JSON.stringify(payload.name)}}`,
    `(the token is valid: HS256, signed with the secret from the JWT_SECRET environment variable, expires in ${LIFETIME_SECONDS / 60} minutes;`,
    ' a 401 here often means the server does not read the secret from JWT_SECRET)',
  ].join('\n')
  return (
    expectStatus(t, res, 200, { note, expected }) &&
    expectJsonBody(t, res, { note, expected }) &&
    expectBodyMatches(t, res, { sub: payload.sub, name: payload.name }, { note, expected })
  )
}

// 1. A public route

test('1. GET /public answers 200 without a token', async t => {
  const res = await get('/public')
  const expected = 'status 200 OK and a JSON body: /public needs no token'
  expectStatus(t, res, 200, { note: 'no Authorization header', expected }) &&
    expectJsonBody(t, res, { note: 'no Authorization header', expected })
})

test('1. Unknown routes answer 404 with a JSON error', async t => {
  for (const path of ['/does-not-exist', '/me/settings']) {
    const res = await get(path)
    const expected = `status 404 Not Found (the API has no ${path} route) and a JSON body like {"error": "<what is wrong>"}`
    const ok =
      expectStatus(t, res, 404, { expected }) &&
      expectJsonBody(t, res, { expected }) &&
      expectBodyMatches(t, res, { error: nonEmptyString }, { expected })
    if (!ok) return
  }
})

// 2. Who is calling

test('2. GET /me answers 200 with sub and name from a valid token', async t => {
  const payload = claims({ role: 'user' })
  expectClaims(t, await get('/me', `Bearer ${sign(payload)}`), payload, 'valid token')
})

test('2. GET /me accepts the Bearer scheme in any case', async t => {
  for (const scheme of ['bearer', 'BEARER']) {
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
  const [head, body] = sign(claims()).split('.')
  await expectAllUnauthorized(t, '/me', [
    { note: 'token "not-a-jwt"', authorization: 'Bearer not-a-jwt', because: 'a JWT has three parts separated by dots' },
    tokenCase('token of two parts, no signature', `${head}.${body}`, 'a JWT has three parts separated by dots'),
    tokenCase('token of four parts', `${head}.${body}.${randomHex(8)}.${randomHex(8)}`, 'a JWT has three parts, not four'),
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
  const cases = ['HS512', 'RS256'].map(alg =>
    tokenCase(
      `alg "${alg}" in the header, HS256 signature`,
      hmacToken({ alg, typ: 'JWT' }, payload, SECRET),
      `its header says alg "${alg}"; only HS256 is accepted, whatever the signature`,
    ),
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
  const token = sign(claims({ iat: now - 900, exp: now - EXPIRED_AGO_SECONDS }))
  await expectAllUnauthorized(t, '/me', [
    tokenCase('token that expired 2 minutes ago', token, `its exp is ${EXPIRED_AGO_SECONDS} seconds in the past (beyond any 30-second leeway)`),
  ])
})

test('5. GET /me rejects a token without exp', async t => {
  const token = sign(withoutExp(claims()))
  await expectAllUnauthorized(t, '/me', [tokenCase('token without exp', token, 'exp is required')])
})

test('5. GET /me rejects a token that is not valid yet (nbf)', async t => {
  const token = sign(claims({ nbf: nowSeconds() + NOT_BEFORE_IN_SECONDS }))
  await expectAllUnauthorized(t, '/me', [
    tokenCase('token whose nbf is 2 minutes ahead', token, `its nbf is ${NOT_BEFORE_IN_SECONDS} seconds in the future (beyond any 30-second leeway)`),
  ])
})

// 6. Admins only

test('6. GET /admin answers 200 to a token with role admin', async t => {
  const res = await get('/admin', `Bearer ${sign(claims({ role: 'admin' }))}`)
  const expected = 'status 200 OK and a JSON body: the token is valid and its role claim is "admin"'
  expectStatus(t, res, 200, { note: 'valid token, role "admin"', expected }) &&
    expectJsonBody(t, res, { note: 'valid token, role "admin"', expected })
})

test('6. GET /admin answers 403 to a valid token without role admin', async t => {
  const cases = [
    { note: 'valid token, role "user"', payload: claims({ role: 'user' }), why: 'its role is "user"' },
    { note: 'valid token, no role claim', payload: claims(), why: 'it has no role claim' },
    { note: 'valid token, role "Admin"', payload: claims({ role: 'Admin' }), why: 'its role is "Admin", not exactly "admin"' },
  ]
  for (const { note, payload, why } of cases) {
    const res = await get('/admin', `Bearer ${sign(payload)}`)
    const expected = [
      `status 403 Forbidden, because the token is valid but ${why},`,
      'and a JSON body like {"error": "<what is wrong>"}',
    ].join('\n')
    const ok =
      expectStatus(t, res, 403, { note, expected }) &&
      expectJsonBody(t, res, { note, expected }) &&
      expectBodyMatches(t, res, { error: nonEmptyString }, { note, expected })
    if (!ok) return
  }
})

test('6. GET /admin answers 401, not 403, without a valid token', async t => {
  const now = nowSeconds()
  await expectAllUnauthorized(t, '/admin', [
    { note: 'no Authorization header', because: 'the request has no token (403 is for valid tokens without the right role)' },
    tokenCase(
      'admin token that expired 2 minutes ago',
      sign(claims({ role: 'admin', iat: now - 900, exp: now - EXPIRED_AGO_SECONDS })),
      'the token has expired',
    ),
    tokenCase('admin token signed with another secret', signJwt(claims({ role: 'admin' }), OTHER_SECRET), 'the signature is wrong'),
  ])
})
