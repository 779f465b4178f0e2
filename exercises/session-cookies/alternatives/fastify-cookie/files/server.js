// Session cookies with Fastify and @fastify/cookie.
import Fastify from 'fastify'
import cookie from '@fastify/cookie'
import bcrypt from 'bcryptjs'
import { randomBytes } from 'node:crypto'

const app = Fastify()
await app.register(cookie)

const users = new Map() // username -> { id, username, hash }
const sessions = new Map() // sid -> { username, since }
let lastId = 0

const publicUser = ({ id, username }) => ({ id, username })

function credentials(body) {
  const { username, password } = body && typeof body === 'object' ? body : {}
  if (typeof username !== 'string' || username === '' || typeof password !== 'string' || password === '') return null
  return { username, password }
}

app.setErrorHandler((error, request, reply) => {
  const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500
  reply.code(status).send({ error: status === 500 ? 'internal error' : error.message })
})
app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: 'no such route' }))

app.post('/signup', async (request, reply) => {
  const creds = credentials(request.body)
  if (!creds) return reply.code(400).send({ error: 'username and password must be non-empty strings' })
  if (users.has(creds.username)) return reply.code(409).send({ error: 'username taken' })
  const hash = await bcrypt.hash(creds.password, 10)
  if (users.has(creds.username)) return reply.code(409).send({ error: 'username taken' })
  const user = { id: ++lastId, username: creds.username, hash }
  users.set(user.username, user)
  return reply.code(201).send(publicUser(user))
})

app.post('/login', async (request, reply) => {
  const creds = credentials(request.body)
  if (!creds) return reply.code(400).send({ error: 'username and password must be non-empty strings' })
  const user = users.get(creds.username)
  if (!user || !(await bcrypt.compare(creds.password, user.hash))) {
    return reply.code(401).send({ error: 'login failed' })
  }
  if (request.cookies.sid) sessions.delete(request.cookies.sid)
  const sid = randomBytes(16).toString('base64url')
  sessions.set(sid, { username: user.username, since: Date.now() })
  reply.setCookie('sid', sid, { path: '/', httpOnly: true, sameSite: 'lax' })
  return publicUser(user)
})

app.get('/me', async (request, reply) => {
  const session = request.cookies.sid ? sessions.get(request.cookies.sid) : undefined
  if (!session) return reply.code(401).send({ error: 'not logged in' })
  return publicUser(users.get(session.username))
})

app.post('/logout', async (request, reply) => {
  if (request.cookies.sid) sessions.delete(request.cookies.sid)
  reply.clearCookie('sid', { path: '/' })
  return reply.code(204).send()
})

await app.listen({ port: Number(process.env.PORT) || 3000, host: '0.0.0.0' })
