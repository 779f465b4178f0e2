// Sign-up, login, bearer tokens and roles through the real API and database; the first admin
// through the documented command, spawned as an operator would run it.
import { execFile } from 'node:child_process'
import pg from 'pg'
import t from 'tap'
import { build, signUp } from '../../helpers/build-app.js'
import { isolatedConfig } from '../../helpers/test-config.js'

t.test('accounts and tokens', async (t) => {
  const config = await isolatedConfig(t)
  const app = await build(t, config, { auth: false })
  const db = new pg.Client({ connectionString: config.DATABASE_URL })
  await db.connect()
  t.teardown(async () => { await db.end() })

  t.test('sign-up makes a learner; the same email in any case is refused with what to do', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/users', payload: { email: 'Ada@Example.test', name: 'Ada', password: 'correct horse battery' } })
    t.equal(res.statusCode, 201, res.body)
    t.match(res.json(), { id: /^[0-9a-f-]{36}$/, email: 'Ada@Example.test', name: 'Ada', role: 'learner' })
    t.notOk('password' in res.json() || 'passwordHash' in res.json())
    const again = await app.inject({ method: 'POST', url: '/api/v1/users', payload: { email: 'ada@example.TEST', name: 'Ada 2', password: 'another password' } })
    t.equal(again.statusCode, 409)
    t.match(again.json(), { error: { code: 'EMAIL_TAKEN', message: /already exists\. Log in with POST \/api\/v1\/tokens/ } })
    const stored = await db.query('SELECT password_hash FROM users WHERE lower(email) = $1', ['ada@example.test'])
    t.match(stored.rows[0].password_hash, /^scrypt\$10\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/, 'a salted scrypt hash, its cost stored with it')
    t.notMatch(stored.rows[0].password_hash, /correct horse/)
  })

  t.test('bad sign-ups are 400s that say what to fix', async (t) => {
    const short = await app.inject({ method: 'POST', url: '/api/v1/users', payload: { email: 'b@example.test', name: 'B', password: 'short' } })
    t.equal(short.statusCode, 400)
    t.match(short.json().error, { code: 'VALIDATION_FAILED', message: /body\.password .*10 characters/ })
    const email = await app.inject({ method: 'POST', url: '/api/v1/users', payload: { email: 'not an email', name: 'B', password: 'long enough pw' } })
    t.match(email.json().error, { code: 'VALIDATION_FAILED', message: /body\.email/ })
    const role = await app.inject({ method: 'POST', url: '/api/v1/users', payload: { email: 'c@example.test', name: 'C', password: 'long enough pw', role: 'admin' } })
    t.match(role.json().error, { code: 'VALIDATION_FAILED', message: /unknown field 'role'/ }, 'nobody signs up as an admin')
  })

  t.test('login gives a token that is stored only hashed; a wrong password or email is the same 401', async (t) => {
    const account = await signUp(app, 'grace')
    t.match(account.token, /^blt_[A-Za-z0-9_-]{43}$/)
    const me = await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${account.token}` } })
    t.equal(me.statusCode, 200)
    t.match(me.json(), { id: account.id, email: account.email, role: 'learner' })
    const tokens = await db.query('SELECT token_hash FROM api_tokens WHERE user_id = $1', [account.id])
    t.equal(tokens.rowCount, 1)
    t.not(tokens.rows[0].token_hash, account.token)
    t.notOk(JSON.stringify(tokens.rows).includes(account.token.slice(4)), 'the token itself is nowhere')

    const wrongPassword = await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { email: account.email, password: 'not it at all' } })
    const unknownEmail = await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { email: 'nobody@example.test', password: 'not it at all' } })
    t.equal(wrongPassword.statusCode, 401)
    t.same(unknownEmail.json(), wrongPassword.json(), 'the answer does not tell which emails have accounts')
    t.match(wrongPassword.json().error, { code: 'INVALID_CREDENTIALS' })
  })

  t.test('ten failed logins for an email from one address make its logins there wait, known account or not', async (t) => {
    const account = await signUp(app, 'target')
    for (const email of [account.email, 'ghost@example.test']) {
      for (let i = 0; i < 10; i++) {
        t.equal((await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { email, password: `guess ${i}` } })).statusCode, 401)
      }
      const throttled = await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { email: email.toUpperCase(), password: 'guess 11' } })
      t.equal(throttled.statusCode, 429, email)
      t.match(throttled.json().error, { code: 'LOGIN_THROTTLED', message: /Too many failed logins for this email\. Try again in \d+ s\./ })
      t.ok(Number(throttled.headers['retry-after']) > 800, 'until the oldest failure is 15 minutes old')
    }
    const right = await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { email: account.email, password: account.password } })
    t.equal(right.statusCode, 429, 'even the right password waits: guessing cannot go on')
    const elsewhere = await app.inject({ method: 'POST', url: '/api/v1/tokens', remoteAddress: '203.0.113.9', payload: { email: account.email, password: account.password } })
    t.equal(elsewhere.statusCode, 201, 'the owner, from another address, is not locked out')
    const other = await signUp(app, 'bystander')
    t.equal((await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { email: other.email, password: other.password } })).statusCode, 201, 'other emails are not held back')
  })

  t.test('without a token, or with a dead one, a 401 says how to get one', async (t) => {
    const none = await app.inject({ url: '/api/v1/me' })
    t.equal(none.statusCode, 401)
    t.equal(none.headers['www-authenticate'], 'Bearer realm="backlab"')
    t.match(none.json().error, { code: 'AUTH_REQUIRED', message: /Authorization: Bearer <token>.*POST \/api\/v1\/tokens/ })
    const forged = await app.inject({ url: '/api/v1/me', headers: { authorization: 'Bearer blt_forgedforgedforgedforgedforgedforgedforged' } })
    t.equal(forged.statusCode, 401)
    t.equal(forged.headers['www-authenticate'], 'Bearer realm="backlab", error="invalid_token"')
    t.match(forged.json().error, { code: 'INVALID_TOKEN' })
    const basic = await app.inject({ url: '/api/v1/me', headers: { authorization: 'Basic YTpi' } })
    t.equal(basic.statusCode, 401)
    t.not((await app.inject({ url: '/health' })).statusCode, 401, 'public routes stay public')
  })

  t.test('tokens are listed without their values and revoked one by one', async (t) => {
    const account = await signUp(app, 'linus')
    const second = (await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { email: account.email, password: account.password, tokenName: 'laptop CLI' } })).json()
    const auth = (token: string) => ({ authorization: `Bearer ${token}` })
    const list = await app.inject({ url: '/api/v1/tokens', headers: auth(account.token) })
    t.same(list.json().map((x: { name: string }) => x.name), ['api', 'laptop CLI'])
    t.notOk(list.body.includes(account.token) || list.body.includes(second.token as string))

    const other = await signUp(app, 'mallory')
    const stealing = await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${second.tokenInfo.id as string}`, headers: auth(other.token) })
    t.equal(stealing.statusCode, 404, 'nobody revokes another\'s token')
    const revoked = await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${second.tokenInfo.id as string}`, headers: auth(account.token) })
    t.equal(revoked.statusCode, 204)
    t.equal((await app.inject({ url: '/api/v1/me', headers: auth(second.token as string) })).statusCode, 401, 'a revoked token is dead')
    t.equal((await app.inject({ url: '/api/v1/me', headers: auth(account.token) })).statusCode, 200, 'the other still works')
  })

  t.test('the first admin comes from the documented command; only admins give roles', async (t) => {
    const env = { ...process.env, DATABASE_URL: config.DATABASE_URL, PASSWORD_HASH_COST: '10' }
    const run = async (args: string[], input?: string): Promise<{ code: number, stdout: string, stderr: string }> =>
      await new Promise((resolve) => {
        const child = execFile('node_modules/.bin/tsx', ['scripts/admin.ts', ...args], { env }, (err, stdout, stderr) => {
          resolve({ code: err === null ? 0 : (typeof err.code === 'number' ? err.code : 1), stdout, stderr })
        })
        child.stdin?.end(input ?? '')
      })
    const weak = await run(['create-admin', '--email', 'root@example.test'], 'short\n')
    t.equal(weak.code, 1)
    t.match(weak.stderr, /at least 10 characters/)
    const made = await run(['create-admin', '--email', 'root@example.test', '--name', 'Root'], 'a long admin password\n')
    t.equal(made.code, 0, made.stderr)
    t.match(made.stdout, /admin root@example\.test created/)
    const again = await run(['create-admin', '--email', 'ROOT@example.test'], 'a long admin password\n')
    t.equal(again.code, 1)
    t.match(again.stderr, /exists already/)

    const admin = (await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { email: 'root@example.test', password: 'a long admin password' } })).json()
    t.equal(admin.user.role, 'admin')
    const learner = await signUp(app, 'ivy')
    const promote = async (token: string, id: string, role: string) =>
      await app.inject({ method: 'PUT', url: `/api/v1/users/${id}/role`, headers: { authorization: `Bearer ${token}` }, payload: { role } })
    const self = await promote(learner.token, learner.id, 'admin')
    t.equal(self.statusCode, 403)
    t.match(self.json().error, { code: 'FORBIDDEN', message: /Only admin accounts may do this; yours is a learner account/ })
    const byAdmin = await promote(admin.token as string, learner.id, 'instructor')
    t.equal(byAdmin.statusCode, 200)
    t.equal(byAdmin.json().role, 'instructor')
    t.equal((await promote(admin.token as string, '00000000-0000-4000-8000-000000000000', 'admin')).statusCode, 404)

    const token = await run(['issue-token', 'ivy-x@example.test'])
    t.equal(token.code, 1, 'no token for an unknown account')
    const issued = await run(['issue-token', learner.email])
    t.equal(issued.code, 0, issued.stderr)
    t.equal((await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${issued.stdout.trim()}` } })).json().email, learner.email)
  })
})
