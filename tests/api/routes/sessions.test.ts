// The web app's sessions: the token in an HttpOnly cookie, writes only with the app's header,
// logout revokes it. Also what the app reads: progress per exercise, the queue position.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build, signUp } from '../../helpers/build-app.js'
import { isolatedConfig } from '../../helpers/test-config.js'

async function logIn (app: FastifyInstance, email: string, password: string) {
  return await app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email, password } })
}
const cookieOf = (res: { headers: Record<string, unknown> }): string => String(res.headers['set-cookie']).split(';')[0] ?? ''

t.test('a web session: HttpOnly, SameSite=Strict cookie; writes need the app header; logout revokes it', async (t) => {
  const app = await build(t, await isolatedConfig(t), { auth: false })
  const ada = await signUp(app, 'ada')
  const wrong = await logIn(app, ada.email, 'not it')
  t.equal(wrong.statusCode, 401)
  t.equal(wrong.headers['set-cookie'], undefined)

  const res = await logIn(app, ada.email, ada.password)
  t.equal(res.statusCode, 201)
  t.match(res.json(), { user: { id: ada.id, email: ada.email, role: 'learner' } })
  t.notOk('token' in res.json(), 'the page never sees the token')
  t.match(String(res.headers['set-cookie']), /^backlab_session=blt_[^;]+; Max-Age=1209600; Path=\/; HttpOnly; SameSite=Strict$/)
  const cookie = cookieOf(res)

  t.match((await app.inject({ url: '/api/v1/me', headers: { cookie } })).json(), { id: ada.id })
  const files = { 'server.js': '// hi\n' }
  const bare = await app.inject({ method: 'POST', url: '/api/v1/submissions', headers: { cookie }, payload: { exercise: 'hello-json', files } })
  t.equal(bare.statusCode, 403, 'a write with the cookie alone (as a cross-site form would send it) is refused')
  t.match(bare.json().error.message, /must send the header x-backlab-web: 1/)
  const withHeader = await app.inject({ method: 'POST', url: '/api/v1/submissions', headers: { cookie, 'x-backlab-web': '1' }, payload: { exercise: 'hello-json', files } })
  t.equal(withHeader.statusCode, 202)

  const list = (await app.inject({ url: '/api/v1/exercises', headers: { cookie } })).json().exercises as Array<{ slug: string, progress: string }>
  t.equal(list.find((e) => e.slug === 'hello-json')?.progress, 'attempted')
  t.equal(list.find((e) => e.slug === 'todos-crud')?.progress, 'not-started')
  t.equal((await app.inject({ url: '/api/v1/exercises' })).json().exercises[0].progress, undefined, 'no progress without an account')

  const relogin = await app.inject({ method: 'POST', url: '/api/v1/sessions', headers: { cookie, 'x-backlab-web': '1' }, payload: { email: ada.email, password: ada.password } })
  t.equal(relogin.statusCode, 201)
  t.not(cookieOf(relogin), cookie, 'every login makes a new session')
  t.equal((await app.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode, 401, 'and ends the one the browser held')
  const expiring = cookieOf(relogin)
  await app.pg.query("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE name = 'web session' AND revoked_at IS NULL")
  t.equal((await app.inject({ url: '/api/v1/me', headers: { cookie: expiring } })).statusCode, 401, 'a session ends after its days')
  const stillValid = (await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${ada.token}` } })).statusCode
  t.equal(stillValid, 200, 'tokens made for the API and CLI do not expire')

  const fresh = cookieOf(await logIn(app, ada.email, ada.password))
  const out = await app.inject({ method: 'DELETE', url: '/api/v1/sessions', headers: { cookie: fresh, 'x-backlab-web': '1' } })
  t.equal(out.statusCode, 204)
  t.match(String(out.headers['set-cookie']), /^backlab_session=; Max-Age=0; Path=\//)
  const after = await app.inject({ url: '/api/v1/me', headers: { cookie: fresh } })
  t.equal(after.statusCode, 401, 'the session\'s token is revoked')
  t.match(String(after.headers['set-cookie']), /^backlab_session=;/, 'and the dead cookie dropped')
})

t.test('a queued submission\'s event stream says its place in the queue', async (t) => {
  // No worker: submissions stay queued.
  const app = await build(t, await isolatedConfig(t))
  const ids: string[] = []
  for (const n of [1, 2, 3]) {
    ids.push((await app.inject({ method: 'POST', url: '/api/v1/submissions', payload: { exercise: 'hello-json', files: { 'server.js': `// ${n}\n` } } })).json().id as string)
  }
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  const firstEvent = async (id: string): Promise<string> => {
    const abort = new AbortController()
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/submissions/${id}/events`, { headers: { authorization: `Bearer ${app.account.token}` }, signal: abort.signal })
    const reader = res.body?.getReader()
    let text = ''
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader?.read())?.value)
    abort.abort()
    return text.split('\n\n')[0] ?? ''
  }
  t.equal(await firstEvent(ids[2] ?? ''), 'event: status\ndata: {"status":"queued","attempt":0,"position":3}')
  t.equal(await firstEvent(ids[0] ?? ''), 'event: status\ndata: {"status":"queued","attempt":0,"position":1}')
  // A re-grade made first still waits behind every learner's submission (its lane comes last).
  await app.pg.query("UPDATE submissions SET regrade_of = $2, created_at = now() - interval '1 hour' WHERE id = $1", [ids[0], ids[1]])
  t.equal(await app.submissions.queuePosition(ids[0] ?? ''), 3, 'behind the two learners\' submissions')
  t.equal(await app.submissions.queuePosition(ids[1] ?? ''), 1)
  await app.pg.query("UPDATE submissions SET status = 'running' WHERE id = $1", [ids[1]])
  t.equal(await app.submissions.queuePosition(ids[1] ?? ''), undefined, 'no place once it is not queued')
  t.equal(await app.submissions.queuePosition(ids[2] ?? ''), 1)
})
