import Fastify from 'fastify'
import { createRequire } from 'node:module'
import crypto from 'node:crypto'

const require = createRequire(import.meta.url)
const users = require('./users.json')

const notes = new Map()
let lastId = 0

const app = Fastify()

function tokenOwner(token) {
  const given = crypto.createHash('sha256').update(token).digest()
  return users.find(u => crypto.timingSafeEqual(crypto.createHash('sha256').update(u.token).digest(), given) && u.token === token)
}

app.addHook('onRequest', async (request, reply) => {
  const auth = request.headers.authorization ?? ''
  const m = /^Bearer ([^ ]+)$/.exec(auth)
  const user = m ? tokenOwner(m[1]) : undefined
  if (!user) return reply.code(401).send({ error: 'unauthorized' })
  request.user = user
})

app.setErrorHandler((error, request, reply) => {
  if (error.statusCode && error.statusCode < 500) return reply.code(400).send({ error: error.message })
  request.log.error(error)
  reply.code(500).send({ error: 'internal error' })
})

app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: 'not found' }))

const isPlainObject = v => typeof v === 'object' && v !== null && !Array.isArray(v)
const okTitle = v => typeof v === 'string' && v.trim() !== ''
const mayTouch = (user, note) => user.role === 'admin' || user.id === note.ownerId

function noteFor(request, reply) {
  const note = notes.get(Number(request.params.id))
  if (!/^\d+$/.test(request.params.id) || !note || !mayTouch(request.user, note)) {
    reply.code(404).send({ error: 'note not found' })
    return null
  }
  return note
}

app.get('/me', async request => {
  const { id, username, role } = request.user
  return { id, username, role }
})

app.get('/notes', async request => [...notes.values()].filter(n => n.ownerId === request.user.id))

app.post('/notes', async (request, reply) => {
  const input = request.body
  if (!isPlainObject(input) || !okTitle(input.title) || (input.body !== undefined && typeof input.body !== 'string')) {
    return reply.code(400).send({ error: 'send {"title": non-empty string, "body"?: string}' })
  }
  lastId += 1
  const note = { id: lastId, title: input.title, body: input.body ?? '', ownerId: request.user.id }
  notes.set(note.id, note)
  return reply.code(201).send(note)
})

app.get('/notes/:id', async (request, reply) => noteFor(request, reply) ?? reply)

app.patch('/notes/:id', async (request, reply) => {
  const note = noteFor(request, reply)
  if (!note) return reply
  const input = request.body
  if (!isPlainObject(input) || (input.title !== undefined && !okTitle(input.title)) || (input.body !== undefined && typeof input.body !== 'string')) {
    return reply.code(400).send({ error: 'invalid title or body' })
  }
  if (input.title !== undefined) note.title = input.title
  if (input.body !== undefined) note.body = input.body
  return note
})

app.delete('/notes/:id', async (request, reply) => {
  const note = noteFor(request, reply)
  if (!note) return reply
  notes.delete(note.id)
  return reply.code(204).send()
})

app.get('/admin/notes', async (request, reply) => {
  if (request.user.role !== 'admin') return reply.code(403).send({ error: 'forbidden' })
  return [...notes.values()]
})

await app.listen({ port: Number(process.env.PORT), host: '0.0.0.0' })
