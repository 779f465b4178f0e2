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

  t.test('sign-up makes a learner, and answers a taken email (in any case) exactly alike: it tells nobody who has an account', async (t) => {
    const hashed = app.passwords.gate.stats.started
    const res = await app.inject({ method: 'POST', url: '/api/v1/users', payload: { email: 'Ada@Example.test', name: 'Ada', password: 'correct horse battery' } })
    t.equal(res.statusCode, 202, res.body)
    t.same(Object.keys(res.json()), ['email', 'message'], 'no id, nothing of the account')
    t.match(res.json(), { email: 'Ada@Example.test', message: /^Signed up, unless this email already had an account\. Log in with POST \/api\/v1\/tokens/ })
    const again = await app.inject({ method: 'POST', url: '/api/v1/users', payload: { email: 'Ada@Example.test', name: 'Ada 2', password: 'another password' } })
    t.equal(again.statusCode, res.statusCode, 'the same status')
    t.equal(again.body, res.body, 'the same body, byte for byte')
    t.same(Object.keys(again.headers).sort(), Object.keys(res.headers).sort(), 'the same headers')
    t.equal(app.passwords.gate.stats.started - hashed, 2, 'a password hashed both times, so both take as long')
    const otherCase = await app.inject({ method: 'POST', url: '/api/v1/users', payload: { email: 'ada@example.TEST', name: 'Ada 3', password: 'a third password' } })
    t.equal(otherCase.statusCode, 202)

    const login = await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { email: 'ada@example.test', password: 'correct horse battery' } })
    t.equal(login.statusCode, 201, 'the account is the first sign-up\'s: logging in with its password works')
    t.match(login.json().user, { id: /^[0-9a-f-]{36}$/, email: 'Ada@Example.test', name: 'Ada', role: 'learner' })
    t.notOk('password' in login.json().user || 'passwordHash' in login.json().user)
    const taken = await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { email: 'ada@example.test', password: 'another password' } })
    t.equal(taken.statusCode, 401, 'the second sign-up\'s password is no way in: its login fails like any wrong password')
    t.match(taken.json().error, { code: 'INVALID_CREDENTIALS' })
    const stored = await db.query('SELECT name, password_hash FROM users WHERE lower(email) = $1', ['ada@example.test'])
    t.equal(stored.rowCount, 1)
    t.equal(stored.rows[0].name, 'Ada', 'the account is untouched')
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

t.test('sign-ups and logins are limited per client address before any password is hashed', async (t) => {
  const config = await isolatedConfig(t, { AUTH_REQUESTS_PER_MINUTE: '5' })
  const app = await build(t, config, { auth: false })
  const login = async (remoteAddress: string) => await app.inject({
    method: 'POST',
    url: '/api/v1/tokens',
    remoteAddress,
    payload: { email: `random-${Math.random().toString(36).slice(2)}@example.test`, password: 'a guess at it' }
  })
  const hashed = app.passwords.gate.stats.started
  // Random emails: the per-email throttle never sees the same one twice; the address's limit does.
  const burst = await Promise.all(Array.from({ length: 20 }, async () => await login('198.51.100.7')))
  const statuses = burst.map((r) => r.statusCode)
  t.equal(statuses.filter((s) => s === 401).length, 5, 'the first five are answered')
  t.equal(statuses.filter((s) => s === 429).length, 15, 'the rest are refused')
  t.notOk(statuses.some((s) => s >= 500), 'never a 5xx')
  t.equal(app.passwords.gate.stats.started - hashed, 5, 'a refused login hashes nothing')
  const refused = burst.find((r) => r.statusCode === 429)
  t.match(refused?.json().error, { code: 'AUTH_RATE_LIMITED', message: /Too many sign-ups and logins from your address: at most 5 a minute\. Try again in \d+ s\./ })
  const retryAfter = Number(refused?.headers['retry-after'])
  t.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After: ${retryAfter}`)

  const signUp = await app.inject({
    method: 'POST', url: '/api/v1/users', remoteAddress: '198.51.100.7', payload: { email: 'new@example.test', name: 'New', password: 'a long password' }
  })
  t.equal(signUp.statusCode, 429, 'sign-up shares the budget')
  const session = await app.inject({
    method: 'POST', url: '/api/v1/sessions', remoteAddress: '198.51.100.7', payload: { email: 'new@example.test', password: 'a long password' }
  })
  t.equal(session.statusCode, 429, 'so does the web app\'s login')
  t.equal((await login('198.51.100.8')).statusCode, 401, 'another address is not held back')

  for (let i = 0; i < 5; i++) await login(`2001:db8:7:7::${i + 1}`)
  t.equal((await login('2001:db8:7:7:ffff::1')).statusCode, 429, 'an IPv6 /64 is one client')
  t.equal((await login('2001:db8:7:8::1')).statusCode, 401, 'the next /64 is another')
})

t.test('password hashing is bounded: a burst waits for a few slots or gets 503 SERVICE_BUSY, never a 500', async (t) => {
  // A slower hash (cost 15, some 50-100 ms), one at a time, one waiting: a burst cannot all fit.
  const config = await isolatedConfig(t, { PASSWORD_HASH_COST: '15', PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_MAX_WAITING: '1' })
  const app = await build(t, config, { auth: false })
  const burst = await Promise.all(Array.from({ length: 8 }, async (_, i) => await app.inject({
    method: 'POST', url: '/api/v1/tokens', payload: { email: `burst-${i}@example.test`, password: 'a guess at it' }
  })))
  const statuses = burst.map((r) => r.statusCode)
  t.ok(statuses.every((s) => s === 401 || s === 503), statuses.join(' '))
  t.ok(statuses.includes(401), 'some were answered')
  const busy = burst.filter((r) => r.statusCode === 503)
  t.ok(busy.length > 0, 'the rest were told to come back')
  for (const r of busy) {
    t.match(r.json().error, { code: 'SERVICE_BUSY', message: /Try again in 2 s/ })
    t.equal(r.headers['retry-after'], '2')
  }
  t.equal(app.passwords.gate.stats.peak, 1, 'never more than one hash at a time')

  const signUp = await app.inject({ method: 'POST', url: '/api/v1/users', payload: { email: 'calm@example.test', name: 'Calm', password: 'a long password' } })
  t.equal(signUp.statusCode, 202, 'once the burst is over, hashing works again')
})
