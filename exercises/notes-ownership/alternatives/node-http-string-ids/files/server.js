import http from 'node:http'
import { readFileSync } from 'node:fs'
import { timingSafeEqual } from 'node:crypto'

const users = JSON.parse(readFileSync(new URL('./users.json', import.meta.url), 'utf8'))
const store = []          // notes in creation order
let counter = 0

function userForToken(token) {
  const a = Buffer.from(token, 'utf8')
  for (const u of users) {
    const b = Buffer.from(u.token, 'utf8')
    if (a.length === b.length && timingSafeEqual(a, b)) return u
  }
  return null
}

function send(res, status, payload) {
  if (payload === undefined) {
    res.writeHead(status)
    res.end()
    return
  }
  const text = JSON.stringify(payload)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) })
  res.end(text)
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const parts = []
    req.on('data', c => parts.push(c))
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')))
    req.on('error', reject)
  })
}

class Problem extends Error {
  constructor(status, message) { super(message); this.status = status }
}

async function jsonObject(req) {
  let value
  try { value = JSON.parse(await readBody(req)) } catch { throw new Problem(400, 'body must be valid JSON') }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Problem(400, 'body must be a JSON object')
  return value
}

const blank = s => s.trim().length === 0

function authenticate(req) {
  const header = req.headers.authorization
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return null
  const token = header.slice('Bearer '.length)
  if (token.length === 0 || token.includes(' ')) return null
  return userForToken(token)
}

const visibleTo = (user, note) => user.role === 'admin' || note.ownerId === user.id

function lookup(user, id) {
  const note = store.find(n => n.id === id)
  if (!note || !visibleTo(user, note)) throw new Problem(404, `note ${id} not found`)
  return note
}

async function handle(req, res) {
  const user = authenticate(req)
  if (!user) return send(res, 401, { error: 'authentication required' })
  const { pathname } = new URL(req.url, 'http://localhost')
  const method = req.method

  if (pathname === '/me' && method === 'GET') {
    return send(res, 200, { id: user.id, username: user.username, role: user.role })
  }
  if (pathname === '/notes' && method === 'GET') {
    return send(res, 200, store.filter(n => n.ownerId === user.id))
  }
  if (pathname === '/notes' && method === 'POST') {
    const input = await jsonObject(req)
    if (typeof input.title !== 'string' || blank(input.title)) throw new Problem(400, 'a non-blank string title is required')
    if ('body' in input && typeof input.body !== 'string') throw new Problem(400, 'body must be a string')
    counter += 1
    const note = { id: `n${counter}`, title: input.title, body: input.body ?? '', ownerId: user.id }
    store.push(note)
    return send(res, 201, note)
  }
  if (pathname === '/admin/notes' && method === 'GET') {
    if (user.role !== 'admin') throw new Problem(403, 'admins only')
    return send(res, 200, store)
  }
  const match = /^\/notes\/([^/]+)$/.exec(pathname)
  if (match) {
    const id = decodeURIComponent(match[1])
    if (method === 'GET') return send(res, 200, lookup(user, id))
    if (method === 'PATCH') {
      const note = lookup(user, id)
      const input = await jsonObject(req)
      if ('title' in input && (typeof input.title !== 'string' || blank(input.title))) throw new Problem(400, 'title must be a non-blank string')
      if ('body' in input && typeof input.body !== 'string') throw new Problem(400, 'body must be a string')
      if ('title' in input) note.title = input.title
      if ('body' in input) note.body = input.body
      return send(res, 200, note)
    }
    if (method === 'DELETE') {
      const note = lookup(user, id)
      store.splice(store.indexOf(note), 1)
      return send(res, 204)
    }
    return send(res, 405, { error: `${method} not allowed here` })
  }
  send(res, 404, { error: `nothing at ${pathname}` })
}

http.createServer((req, res) => {
  handle(req, res).catch(err => {
    if (err instanceof Problem) return send(res, err.status, { error: err.message })
    console.error(err)
    send(res, 500, { error: 'server error' })
  })
}).listen(Number(process.env.PORT))
