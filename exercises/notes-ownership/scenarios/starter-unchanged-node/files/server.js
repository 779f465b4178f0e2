// Notes: only yours. Start here: every route you have to build answers 501 Not Implemented.
// Read instructions.md, then replace each `notImplemented` with the real thing.
import { timingSafeEqual } from 'node:crypto'
import { readFileSync } from 'node:fs'
import express from 'express'

// The three users, with their tokens. Do not edit users.json: the grader uses the same tokens.
const users = JSON.parse(readFileSync(new URL('./users.json', import.meta.url), 'utf8'))

/** The user whose token this is ({ id, username, role, token }), or undefined. */
function userForToken(token) {
  const given = Buffer.from(token)
  return users.find(user => {
    const known = Buffer.from(user.token)
    // timingSafeEqual takes as long for a wrong first character as for a wrong last one.
    return known.length === given.length && timingSafeEqual(known, given)
  })
}

// The notes, in memory: id -> { id, title, body, ownerId }.
const notes = new Map()
let nextId = 1

const app = express()

// TODO (task 1): a middleware that reads `Authorization: Bearer <token>`, finds the user with
// userForToken, answers 401 when there is none, and otherwise sets req.user and calls next().

app.use(express.json())

function notImplemented(req, res) {
  res.status(501).json({ error: `${req.method} ${req.route.path} is not implemented yet` })
}

app.get('/me', notImplemented)
app.post('/notes', notImplemented)
app.get('/notes', notImplemented)
app.get('/notes/:id', notImplemented)
app.patch('/notes/:id', notImplemented)
app.delete('/notes/:id', notImplemented)
app.get('/admin/notes', notImplemented)

// Every other route: 404 with a JSON body (Express's own 404 page is HTML).
app.use((req, res) => {
  res.status(404).json({ error: `no route for ${req.method} ${req.path}` })
})

// A body that is not valid JSON, or a bug that throws: still a JSON answer.
app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') return res.status(400).json({ error: 'the body is not valid JSON' })
  console.error(err)
  res.status(500).json({ error: 'internal server error' })
})

const port = Number(process.env.PORT ?? 3000)
app.listen(port, () => console.log(`listening on port ${port}`))
