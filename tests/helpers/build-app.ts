import { randomBytes } from 'node:crypto'
import type { Test } from 'tap'
import type { FastifyInstance, InjectOptions } from 'fastify'
import type { Config } from '../../services/platform/config.js'
import { buildApp } from '../../services/api/app.js'

export interface TestAccount { id: string, email: string, password: string, token: string }

/** Signs up through the API and logs in: a learner with a fresh bearer token. */
export async function signUp (app: FastifyInstance, name = 'learner'): Promise<TestAccount> {
  const email = `${name}-${randomBytes(4).toString('hex')}@example.test`
  const password = `pw-${randomBytes(8).toString('hex')}`
  const created = await app.inject({ method: 'POST', url: '/api/v1/users', payload: { email, name, password } })
  if (created.statusCode !== 202) throw new Error(`sign-up refused: ${created.statusCode} ${created.body}`)
  // Sign-up does not say whose the email is (no id); the login does.
  const login = await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { email, password } })
  if (login.statusCode !== 201) throw new Error(`login refused: ${login.statusCode} ${login.body}`)
  return { id: login.json().user.id as string, email, password, token: login.json().token as string }
}

/**
 * Builds the real API against the test's own database and queue, and closes it afterwards.
 * Unless `auth: false`, a learner signs up first and every request carries their bearer token,
 * as a logged-in client's would, except requests that set their own `authorization` header
 * (an empty one sends none).
 */
export async function build (t: Test, config: Config, options: { auth?: boolean } = {}): Promise<FastifyInstance & { account: TestAccount }> {
  const app = await buildApp(config, { logger: false })
  t.teardown(async () => {
    // Tests that point the app at a dead Redis have no queue to clean. The app is closed even
    // if cleaning fails: its connections must be gone before the test's database is dropped.
    try {
      if (app.redis.status === 'ready') await app.gradeQueue.queue.obliterate({ force: true })
    } finally {
      await app.close()
    }
  })
  if (options.auth === false) return Object.assign(app, { account: undefined as unknown as TestAccount })
  const account = await signUp(app)
  const inject = app.inject.bind(app) as (opts: InjectOptions | string) => ReturnType<FastifyInstance['inject']>
  const withToken = (opts: InjectOptions | string): InjectOptions => {
    const o = typeof opts === 'string' ? { url: opts } : opts
    const headers = { ...(o.headers ?? {}) }
    if (headers.authorization === undefined) headers.authorization = `Bearer ${account.token}`
    if (headers.authorization === '') delete headers.authorization
    return { ...o, headers }
  }
  app.inject = ((opts: InjectOptions | string) => inject(withToken(opts))) as FastifyInstance['inject']
  return Object.assign(app, { account })
}
