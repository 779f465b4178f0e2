import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Errors, withRetryAfter } from '../../shared/errors.js'
import { hashPassword, verifyPassword } from '../../shared/account/password-hash.js'
import type { ApiTokenInfo, User } from '../../shared/account/users-repository.js'
import { clearSessionCookie, requireRole, requireUser, SESSION_COOKIE, SESSION_MS, setSessionCookie } from '../plugins/auth.js'
import { errorResponses } from '../schemas/common.js'
import {
  IdParamsSchema, LoginSchema, MaintainerParamsSchema, RoleChangeSchema, SignUpSchema, TokenCreatedSchema, TokenSchema, UserSchema
} from '../schemas/accounts.js'
import { Type } from '@sinclair/typebox'

/** Failed logins one email may have from one address in the window before its logins there wait. */
const LOGIN_FAILURES_ALLOWED = 10
const LOGIN_WINDOW_MS = 15 * 60_000

const accountsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/v1/users', {
    schema: {
      tags: ['accounts'],
      summary: 'Sign up as a learner',
      description: 'Instructor and admin roles are given by an admin (PUT /api/v1/users/:id/role).',
      body: SignUpSchema,
      response: { 201: UserSchema, ...errorResponses }
    }
  }, async (request, reply) => {
    const { email, name, password } = request.body
    const user = await app.users.create({ email, name, passwordHash: await hashPassword(password, app.config.PASSWORD_HASH_COST), role: 'learner' })
    if (user === undefined) throw new Errors.EMAIL_TAKEN(email)
    return await reply.code(201).send(presentUser(user))
  })

  app.post('/api/v1/tokens', {
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
    const { token } = await app.users.issueToken(found.id, 'web session', SESSION_MS)
    // Behind a proxy that ends TLS, TRUST_PROXY lets X-Forwarded-Proto say the page came over https.
    setSessionCookie(reply, token, request.protocol === 'https')
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
   * The checks of every login: throttled per email (known or not, so the throttle tells nobody
   * which emails have accounts) and client address, so a guesser elsewhere cannot lock the
   * owner out; the same work whether or not the account exists.
   */
  async function logIn (email: string, password: string, ip: string): Promise<User> {
    const throttleKey = `${email}|${ip}`
    const failures = await app.users.loginFailures(throttleKey, LOGIN_WINDOW_MS)
    if (failures.count >= LOGIN_FAILURES_ALLOWED) {
      const seconds = Math.max(1, Math.ceil(failures.freesInMs / 1000))
      throw withRetryAfter(new Errors.LOGIN_THROTTLED(seconds), seconds)
    }
    const found = await app.users.findByEmail(email)
    const ok = await verifyPassword(password, found?.passwordHash ?? app.decoyPasswordHash)
    if (found === undefined || !ok) {
      await app.users.recordLoginFailure(throttleKey, LOGIN_WINDOW_MS)
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
