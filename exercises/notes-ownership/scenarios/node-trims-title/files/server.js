// Reference solution for notes-ownership (Node.js, Express).
import { timingSafeEqual } from 'node:crypto'
import { readFileSync } from 'node:fs'
import express from 'express'

const users = JSON.parse(readFileSync(new URL('./users.json', import.meta.url), 'utf8'))

/** The user whose token this is, or undefined. Compares in constant time. */
function userForToken(token) {
  const given = Buffer.from(token)
  return users.find(user => {
    const known = Buffer.from(user.token)
    return known.length === given.length && timingSafeEqual(known, given)
  })
}

const notes = new Map()
let nextId = 1

const app = express()

// Authentication first: without a valid token nothing else happens, not even body parsing.
app.use((req, res, next) => {
  const match = /^Bearer +(\S+)$/i.exec(req.get('Authorization') ?? '')
  const user = match && userForToken(match[1])
  if (!user) {
    res.status(401).json({ error: 'missing or invalid token: send Authorization: Bearer <token>' })
    return
  }
  req.user = user
  next()
})

app.use(express.json())

const publicUser = user => ({ id: user.id, username: user.username, role: user.role })
const isAdmin = user => user.role === 'admin'
/** Owners and admins may see, change and delete a note; for everyone else it does not exist. */
const canAccess = (user, note) => note.ownerId === user.id || isAdmin(user)

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** What is wrong with a POST (or, with `partial`, a PATCH) body, or null. */
function problemWith(input, { partial = false } = {}) {
  if (!isObject(input)) return 'the body must be a JSON object'
  if (input.title !== undefined || !partial) {
    if (typeof input.title !== 'string' || input.title.trim() === '') return 'title must be a non-empty string'
  }
  if (input.body !== undefined && typeof input.body !== 'string') return 'body must be a string'
  return null
}

/** The note at :id if the caller may access it; otherwise answers 404 and returns undefined. */
function findNote(req, res) {
  const note = notes.get(req.params.id)
  if (note && canAccess(req.user, note)) return note
  res.status(404).json({ error: `no note with id ${req.params.id}` })
  return undefined
}

app.get('/me', (req, res) => {
  res.json(publicUser(req.user))
})

app.post('/notes', (req, res) => {
  const problem = problemWith(req.body)
  if (problem) return res.status(400).json({ error: problem })
  // Only the fields the client may choose; the owner is whoever sent the request.
  const note = { id: nextId++, title: req.body.title.trim(), body: req.body.body ?? '', ownerId: req.user.id }
  notes.set(String(note.id), note)
  res.status(201).location(`/notes/${note.id}`).json(note)
})

app.get('/notes', (req, res) => {
  res.json([...notes.values()].filter(note => note.ownerId === req.user.id))
})

app.get('/notes/:id', (req, res) => {
  const note = findNote(req, res)
  if (note) res.json(note)
})

app.patch('/notes/:id', (req, res) => {
  const note = findNote(req, res)
  if (!note) return
  const problem = problemWith(req.body, { partial: true })
  if (problem) return res.status(400).json({ error: problem })
  if (req.body.title !== undefined) note.title = req.body.title
  if (req.body.body !== undefined) note.body = req.body.body
  res.json(note)
})

app.delete('/notes/:id', (req, res) => {
  const note = findNote(req, res)
  if (!note) return
  notes.delete(String(note.id))
  res.status(204).end()
})

app.get('/admin/notes', (req, res) => {
  if (!isAdmin(req.user)) return res.status(403).json({ error: 'only admins may list every note' })
  res.json([...notes.values()])
})

app.use((req, res) => {
  res.status(404).json({ error: `no route for ${req.method} ${req.path}` })
})

// Malformed JSON bodies (and anything unexpected) still get a JSON error.
app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') return res.status(400).json({ error: 'the body is not valid JSON' })
  console.error(err)
  res.status(500).json({ error: 'internal server error' })
})

const port = Number(process.env.PORT ?? 3000)
app.listen(port, () => console.log(`listening on port ${port}`))
