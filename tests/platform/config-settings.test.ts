// The settings that used to be constants in the code (services/platform/config.ts) change what the
// real API does when an operator changes them. Real API and database; no worker: every package
// validation below stays running, which is what its limit counts.
import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { build, signUp } from '../helpers/build-app.js'
import { HELLO_PACKAGE } from '../helpers/packages.js'
import { isolatedConfig } from '../helpers/test-config.js'

const run = promisify(execFile)

t.test('LOGIN_FAILURES_ALLOWED and LOGIN_FAILURE_WINDOW_MS: a lower allowance locks an email out sooner, for the window set', async (t) => {
  const app = await build(t, await isolatedConfig(t, { LOGIN_FAILURES_ALLOWED: '2', LOGIN_FAILURE_WINDOW_MS: '60000' }), { auth: false })
  const account = await signUp(app, 'target')
  const login = async (password: string) => await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { email: account.email, password } })
  for (const guess of ['guess 1', 'guess 2']) t.equal((await login(guess)).statusCode, 401)
  const locked = await login(account.password)
  t.equal(locked.statusCode, 429, 'after two failures even the right password waits (the default allows ten)')
  t.match(locked.json().error, { code: 'LOGIN_THROTTLED' })
  const retryAfter = Number(locked.headers['retry-after'])
  t.ok(retryAfter > 0 && retryAfter <= 60, `until the oldest failure is a minute old, not 15 (Retry-After ${retryAfter})`)
})

t.test('WEB_SESSION_MS: the web session and its cookie last as long as it says', async (t) => {
  const app = await build(t, await isolatedConfig(t, { WEB_SESSION_MS: '3600000' }), { auth: false })
  const account = await signUp(app, 'web')
  const res = await app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: account.email, password: account.password } })
  t.equal(res.statusCode, 201)
  t.match(String(res.headers['set-cookie']), /; Max-Age=3600;/, 'the cookie: an hour, not 14 days')
  const { rows } = await app.pg.query<{ seconds: number }>(
    "SELECT extract(epoch FROM expires_at - now())::float AS seconds FROM api_tokens WHERE user_id = $1 AND name = 'web session'", [account.id])
  t.ok(rows[0] !== undefined && rows[0].seconds > 3500 && rows[0].seconds <= 3600, `the session's token expires in an hour (${rows[0]?.seconds} s)`)
})

t.test('PACKAGE_MAX_ARCHIVE_BYTES and PACKAGE_MAX_FILES: an upload is measured against the configured limits', async (t) => {
  const app = await build(t, await isolatedConfig(t, { PACKAGE_MAX_ARCHIVE_BYTES: '65536', PACKAGE_MAX_FILES: '20' }), { auth: false })
  const teacher = await instructor(app)
  const big = await upload(app, teacher, Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(100 * 1024)]))
  t.equal(big.statusCode, 413, '100 KB is over a 64 KiB limit (the default is 8 MiB)')
  t.match(big.json().error.message, 'The request body is larger than 65536 bytes, the most an exercise package may be.')
  // hello-json has 28 files: over a limit of 20 (the default is 2000).
  const many = await upload(app, teacher, await pack(t, 'many-files'))
  t.equal(many.statusCode, 400)
  t.match(many.json().error, { code: 'ARCHIVE_TOO_MANY_FILES' })
})

t.test('PACKAGE_VALIDATIONS_PER_USER: an instructor runs as many validations at once as it says', async (t) => {
  const app = await build(t, await isolatedConfig(t, { PACKAGE_VALIDATIONS_PER_USER: '1' }), { auth: false })
  const teacher = await instructor(app)
  t.equal((await upload(app, teacher, await pack(t, 'first-one'))).statusCode, 202)
  const refused = await upload(app, teacher, await pack(t, 'second-one'))
  t.equal(refused.statusCode, 429, 'one running validation is the most (the default allows three)')
  t.match(refused.json().error, { code: 'TOO_MANY_VALIDATIONS', message: 'You have 1 package validations running, the most allowed at once.' })
})

async function instructor (app: FastifyInstance): Promise<{ token: string }> {
  const account = await signUp(app, 'teacher')
  await app.pg.query("UPDATE users SET role = 'instructor' WHERE id = $1", [account.id])
  return account
}

async function upload (app: FastifyInstance, who: { token: string }, body: Buffer) {
  return await app.inject({
    method: 'POST',
    url: '/api/v1/exercise-packages',
    headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/gzip' },
    payload: body
  })
}

/** hello-json version 1 under another slug, as a .tar.gz. */
async function pack (t: Test, slug: string): Promise<Buffer> {
  const root = await mkdtemp(join(tmpdir(), 'backlab-settings-test-'))
  t.teardown(async () => { await rm(root, { recursive: true, force: true }) })
  const dir = join(root, slug)
  await cp(HELLO_PACKAGE, dir, { recursive: true })
  const manifest = join(dir, 'exercise.json')
  await writeFile(manifest, JSON.stringify({ ...JSON.parse(await readFile(manifest, 'utf8')) as Record<string, unknown>, slug, title: `Uploaded ${slug}` }, null, 2))
  return (await run('tar', ['-czf', '-', '-C', dir, '.'], { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 })).stdout
}
