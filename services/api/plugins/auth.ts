import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Errors, withRetryAfter } from '../../platform/errors.js'
import { createHashingGate, GateBusy, type HashingGate } from '../../account/hashing-gate.js'
import { decoyHash, hashPassword, verifyPassword } from '../../account/password-hash.js'
import { createUsersRepository, type Role, type User, type UsersRepository } from '../../account/users-repository.js'

export type AuthUser = User & { tokenId: string }

declare module 'fastify' {
  interface FastifyInstance {
    users: UsersRepository
    /** Verified against for unknown emails, so a login takes as long either way. */
    decoyPasswordHash: string
    /** Password hashing, a few at a time (hashing-gate.ts); too busy is a 503 SERVICE_BUSY. */
    passwords: Passwords
  }
  interface FastifyRequest {
    /** The bearer token's (or web session's) user, or null when the request carries neither. */
    user: AuthUser | null
  }
}

/** The web app's session: an API token in an HttpOnly cookie, so no script on the page can read it. */
export const SESSION_COOKIE = 'backlab_session'
/** Sent by the web app on every write; a cross-site form or image cannot send a custom header. */
export const WEB_HEADER = 'x-backlab-web'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
/** A login refused for want of a hashing slot may come back this soon: slots free in a second or so. */
const HASHING_BUSY_RETRY_AFTER_S = 2

export interface Passwords {
  hash: (password: string) => Promise<string>
  verify: (password: string, stored: string) => Promise<boolean>
  readonly gate: HashingGate
}

/** The cookie lives as long as the session's token (config WEB_SESSION_MS). */
export function setSessionCookie (reply: FastifyReply, token: string, secure: boolean, sessionMs: number): void {
  void reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', secure, maxAge: sessionMs / 1000 })
}

export function clearSessionCookie (reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' })
}

/**
 * Bearer tokens: a request with an Authorization header is authenticated before its route runs
 * (an unknown or revoked token is a 401 even on a public route, so a client learns at once that
 * its token is dead); routes then ask for the user or a role with requireUser/requireRole.
 */
export default fp(async (app) => {
  app.decorate('users', createUsersRepository(app.pg))
  app.decorate('decoyPasswordHash', await decoyHash(app.config.PASSWORD_HASH_COST))
  const gate = createHashingGate({
    concurrency: app.config.PASSWORD_HASH_CONCURRENCY,
    maxWaiting: app.config.PASSWORD_HASH_MAX_WAITING,
    maxWaitMs: app.config.PASSWORD_HASH_MAX_WAIT_MS
  })
  const gated = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await gate.run(work)
    } catch (err) {
      if (!(err instanceof GateBusy)) throw err
      app.log.warn({ reason: err.message }, 'password hashing busy; answered 503')
      throw withRetryAfter(new Errors.SERVICE_BUSY(HASHING_BUSY_RETRY_AFTER_S), HASHING_BUSY_RETRY_AFTER_S)
    }
  }
  app.decorate('passwords', {
    gate,
    hash: async (password: string) => await gated(async () => await hashPassword(password, app.config.PASSWORD_HASH_COST)),
    verify: async (password: string, stored: string) => await gated(async () => await verifyPassword(password, stored))
  } satisfies Passwords)
  app.decorateRequest('user', null)
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization
    if (header !== undefined && header !== '') {
      const match = /^Bearer +(\S+)\s*$/i.exec(header)
      const user = match?.[1] === undefined ? undefined : await app.users.authenticate(match[1])
      if (user === undefined) throw new Errors.INVALID_TOKEN()
      request.user = user
      return
    }
    const session = request.cookies[SESSION_COOKIE]
    if (session === undefined || session === '') return
    const user = await app.users.authenticate(session)
    // A dead session is dropped, not an error: the page shows the login form.
    if (user === undefined) {
      clearSessionCookie(reply)
      return
    }
    // SameSite=Strict already keeps the cookie off other sites' requests; the header is the
    // second lock for browsers or proxies that get SameSite wrong.
    if (!SAFE_METHODS.has(request.method) && request.headers[WEB_HEADER] !== '1') {
      throw new Errors.FORBIDDEN(`A request with the session cookie must send the header ${WEB_HEADER}: 1 (the web app does).`)
    }
    request.user = user
  })
}, { name: 'auth', dependencies: ['clients'] })

export function requireUser (request: FastifyRequest): AuthUser {
  if (request.user === null) throw new Errors.AUTH_REQUIRED()
  return request.user
}

export function requireRole (request: FastifyRequest, ...roles: Role[]): AuthUser {
  const user = requireUser(request)
  if (!roles.includes(user.role)) throw new Errors.FORBIDDEN(`Only ${roles.join(' or ')} accounts may do this; yours is a ${user.role} account.`)
  return user
}

/** Admins, and instructors who maintain the exercise, see all of it: every submission, hidden tests. */
export async function seesAllOf (users: UsersRepository, user: AuthUser, slug: string): Promise<boolean> {
  return user.role === 'admin' || (user.role === 'instructor' && await users.maintains(user.id, slug))
}

/** An instructor who maintains the exercise, or an admin; anyone else is told why not. */
export async function requireMaintainer (request: FastifyRequest, users: UsersRepository, slug: string): Promise<AuthUser> {
  const user = requireRole(request, 'instructor', 'admin')
  if (!await seesAllOf(users, user, slug)) throw new Errors.FORBIDDEN(`You do not maintain ${slug}; an admin can make you a maintainer.`)
  return user
}
