import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Errors, withRetryAfter } from '../../platform/errors.js'
import rateLimit from '@fastify/rate-limit'
import type { FastifyRequest } from 'fastify'
import { authRateStore } from '../auth-rate-store.js'
import type { ApiTokenInfo, User } from '../../account/users-repository.js'
import { clearSessionCookie, requireRole, requireUser, SESSION_COOKIE, setSessionCookie } from '../plugins/auth.js'
import { errorResponses } from '../schemas/common.js'
import {
  IdParamsSchema, LoginSchema, MaintainerParamsSchema, RoleChangeSchema, SignedUpSchema, SignUpSchema, TokenCreatedSchema, TokenSchema, UserSchema
} from '../schemas/accounts.js'
import { Type } from '@sinclair/typebox'

/** The one answer to every valid sign-up: whether the email already had an account is not told. */
const SIGNED_UP = 'Signed up, unless this email already had an account. Log in with POST /api/v1/tokens (email and password) to use it.'

const accountsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Every route that hashes a password is first counted per client address (IPv6 by /64), before
  // its body is even read: random emails dodge the per-email throttle, an address cannot. One budget
  // for the three routes, in this process's memory: what it protects is this process's hashing.
  await app.register(rateLimit, { global: false, max: app.config.AUTH_REQUESTS_PER_MINUTE, timeWindow: 60_000, store: authRateStore(app.config.AUTH_RATE_MAX_CLIENTS) })
  const authAttempts = app.createRateLimit()
  const limitByAddress = async (request: FastifyRequest): Promise<void> => {
    const attempt = await authAttempts(request)
    if (!attempt.isAllowed && attempt.isExceeded) {
      const seconds = Math.max(1, attempt.ttlInSeconds)
      throw withRetryAfter(new Errors.AUTH_RATE_LIMITED(attempt.max, seconds), seconds)
    }
  }

  app.post('/api/v1/users', {
    onRequest: limitByAddress,
    schema: {
      tags: ['accounts'],
      summary: 'Sign up as a learner, then log in',
      description: 'The answer is the same whether or not the email already had an account, so sign-up tells nobody who has ' +
        'one: log in (POST /api/v1/tokens) to use the account; for an email that was taken, that login fails like any wrong ' +
        'password. Instructor and admin roles are given by an admin (PUT /api/v1/users/:id/role).',
      body: SignUpSchema,
      response: { 202: SignedUpSchema, ...errorResponses }
    }
  }, async (request, reply) => {
    const { email, name, password } = request.body
    // Hashed whether or not the email is taken, so both take as long.
    const passwordHash = await app.passwords.hash(password)
    const user = await app.users.create({ email, name, passwordHash, role: 'learner' })
    if (user === undefined) request.log.info('sign-up for an email that has an account; answered as any other')
    return await reply.code(202).send({ email, message: SIGNED_UP })
  })

  app.post('/api/v1/tokens', {
    onRequest: limitByAddress,
    schema: {
      tags: ['accounts'],
      summary: 'Log in: trade an email and password for a bearer token',
      body: LoginSchema,
      response: { 201: TokenCreatedSchema, ...errorResponses }
    }
  }, async (request, reply) => {
    const { email, password, tokenName } = request.body
    const found = await logIn(email, password, request.ip)
    const { token, info } = await app.users.issueToken(found.id, tokenName ?? 'api')
    return await reply.code(201).send({ token, tokenInfo: presentToken(info), user: presentUser(found) })
  })

  app.post('/api/v1/sessions', {
    onRequest: limitByAddress,
    schema: {
      tags: ['accounts'],
      summary: 'Log in from the web app: the token goes into an HttpOnly session cookie, never to the page',
      body: Type.Object({ email: LoginSchema.properties.email, password: LoginSchema.properties.password }, { additionalProperties: false }),
      response: { 201: Type.Object({ user: UserSchema }), ...errorResponses }
    }
  }, async (request, reply) => {
    const found = await logIn(request.body.email, request.body.password, request.ip)
    // A new session each login: the one the browser held (anyone's) ends, so a cookie planted
    // before the login is worth nothing after it.
    const held = request.cookies[SESSION_COOKIE]
    if (held !== undefined && held !== '') await app.users.revokeByValue(held)
    const { token } = await app.users.issueToken(found.id, 'web session', app.config.WEB_SESSION_MS)
    // Behind a proxy that ends TLS, TRUST_PROXY lets X-Forwarded-Proto say the page came over https.
    setSessionCookie(reply, token, request.protocol === 'https', app.config.WEB_SESSION_MS)
    return await reply.code(201).send({ user: presentUser(found) })
  })

  app.delete('/api/v1/sessions', {
    schema: { tags: ['accounts'], summary: 'Log out of the web app: revokes the session\'s token', response: { 204: Type.Null(), ...errorResponses } }
  }, async (request, reply) => {
    if (request.user !== null) await app.users.revokeToken(request.user.id, request.user.tokenId)
    clearSessionCookie(reply)
    return await reply.code(204).send(null)
  })

  /**
   * The checks of every login (after limitByAddress): throttled per email (known or not, so the
   * throttle tells nobody which emails have accounts) and client address, so a guesser elsewhere
   * cannot lock the owner out; the same work whether or not the account exists.
   */
  async function logIn (email: string, password: string, ip: string): Promise<User> {
    const throttleKey = `${email}|${ip}`
    // LOGIN_FAILURES_ALLOWED failures in the window, and this email's logins from this address wait.
    const failures = await app.users.loginFailures(throttleKey, app.config.LOGIN_FAILURE_WINDOW_MS)
    if (failures.count >= app.config.LOGIN_FAILURES_ALLOWED) {
      const seconds = Math.max(1, Math.ceil(failures.freesInMs / 1000))
      throw withRetryAfter(new Errors.LOGIN_THROTTLED(seconds), seconds)
    }
    const found = await app.users.findByEmail(email)
    const ok = await app.passwords.verify(password, found?.passwordHash ?? app.decoyPasswordHash)
    if (found === undefined || !ok) {
      await app.users.recordLoginFailure(throttleKey, app.config.LOGIN_FAILURE_WINDOW_MS)
      throw new Errors.INVALID_CREDENTIALS()
    }
    await app.users.clearLoginFailures(throttleKey)
    return found
  }

  app.get('/api/v1/me', {
    schema: { tags: ['accounts'], summary: 'The account of the bearer token', response: { 200: UserSchema, ...errorResponses } }
  }, async (request) => presentUser(requireUser(request)))

  app.get('/api/v1/tokens', {
    schema: { tags: ['accounts'], summary: 'Your live tokens (never their values)', response: { 200: Type.Array(TokenSchema), ...errorResponses } }
  }, async (request) => (await app.users.listTokens(requireUser(request).id)).map(presentToken))

  app.delete('/api/v1/tokens/:id', {
    schema: {
      tags: ['accounts'],
      summary: 'Revoke one of your tokens (log out, when it is the one you send)',
      params: IdParamsSchema,
      response: { 204: Type.Null(), ...errorResponses }
    }
  }, async (request, reply) => {
    const user = requireUser(request)
    if (!await app.users.revokeToken(user.id, request.params.id)) throw new Errors.TOKEN_NOT_FOUND(request.params.id)
    return await reply.code(204).send(null)
  })

  app.put('/api/v1/users/:id/role', {
    schema: {
      tags: ['admin'],
      summary: 'Give an account a role (admins only)',
      params: IdParamsSchema,
      body: RoleChangeSchema,
      response: { 200: UserSchema, ...errorResponses }
    }
  }, async (request) => {
    requireRole(request, 'admin')
    const user = await app.users.setRole(request.params.id, request.body.role)
    if (user === undefined) throw new Errors.USER_NOT_FOUND(request.params.id)
    return presentUser(user)
  })

  app.put('/api/v1/exercises/:slug/maintainers/:userId', {
    schema: {
      tags: ['admin'],
      summary: 'Make an instructor a maintainer of an exercise: they read its submissions (admins only)',
      params: MaintainerParamsSchema,
      response: { 204: Type.Null(), ...errorResponses }
    }
  }, async (request, reply) => {
    requireRole(request, 'admin')
    const { slug, userId } = request.params
    if (await app.exercises.findLatest(slug) === undefined) throw new Errors.EXERCISE_NOT_FOUND(slug)
    const user = await app.users.findById(userId)
    if (user === undefined) throw new Errors.USER_NOT_FOUND(userId)
    if (user.role === 'learner') throw new Errors.FORBIDDEN(`${user.email} is a learner; make them an instructor first (PUT /api/v1/users/${userId}/role).`)
    await app.users.addMaintainer(slug, userId)
    return await reply.code(204).send(null)
  })
}

export function presentUser (u: User) {
  return { id: u.id, email: u.email, name: u.name, role: u.role, createdAt: u.createdAt.toISOString() }
}

function presentToken (t: ApiTokenInfo) {
  return { id: t.id, name: t.name, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null }
}

export default accountsRoutes
