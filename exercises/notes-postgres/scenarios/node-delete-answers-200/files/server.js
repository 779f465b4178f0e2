// Reference solution: a notes API on Express, stored in PostgreSQL with pg.
import express from 'express'
import pg from 'pg'

const MAX_TITLE_LENGTH = 200
// The largest value of an INTEGER column: a bigger id cannot be a note's, and Postgres would
// reject it with an error (a 500) instead of finding no row (a 404).
const MAX_ID = 2147483647

// A pool of connections, shared by all requests: each query borrows one and gives it back.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })

// IF NOT EXISTS: the table and its rows are still there when the server restarts.
await pool.query(`
  CREATE TABLE IF NOT EXISTS notes (
    id         INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
  )
`)

const COLUMNS = 'id, title, body, created_at AS "createdAt"'

class HttpError extends Error {
  constructor(status, message) {
    super(message)
    this.status = status
  }
}

/** POST requires a title; PATCH checks only the fields it is given. */
function validate(input, { titleRequired }) {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new HttpError(400, 'the request body must be a JSON object')
  }
  if (titleRequired && !('title' in input)) throw new HttpError(400, 'title is required')
  if ('title' in input) {
    if (typeof input.title !== 'string') throw new HttpError(400, 'title must be a string')
    if (input.title.trim() === '') throw new HttpError(400, 'title must not be empty')
    if (input.title.length > MAX_TITLE_LENGTH) {
      throw new HttpError(400, `title must be at most ${MAX_TITLE_LENGTH} characters`)
    }
  }
  if ('body' in input && typeof input.body !== 'string') throw new HttpError(400, 'body must be a string')
}

/** The id from the path as a number, or a 404 when it cannot be the id of any note. */
function noteId(req) {
  const { id } = req.params
  if (!/^\d{1,10}$/.test(id) || Number(id) > MAX_ID) throw new HttpError(404, `no note with id ${id}`)
  return Number(id)
}

function found(rows, id) {
  if (rows.length === 0) throw new HttpError(404, `no note with id ${id}`)
  return rows[0]
}

const app = express()
app.use(express.json())

app.get('/notes', async (req, res) => {
  // ORDER BY: without it, rows come back in whatever order is cheapest (updated rows move).
  const { rows } = await pool.query(`SELECT ${COLUMNS} FROM notes ORDER BY id`)
  res.json(rows)
})

app.post('/notes', async (req, res) => {
  validate(req.body, { titleRequired: true })
  // $1, $2: the values travel apart from the SQL text, so no quote in them can change the query.
  const { rows } = await pool.query(
    `INSERT INTO notes (title, body) VALUES ($1, $2) RETURNING ${COLUMNS}`,
    [req.body.title, req.body.body ?? ''],
  )
  res.status(201).location(`/notes/${rows[0].id}`).json(rows[0])
})

app.get('/notes/:id', async (req, res) => {
  const id = noteId(req)
  const { rows } = await pool.query(`SELECT ${COLUMNS} FROM notes WHERE id = $1`, [id])
  res.json(found(rows, id))
})

app.patch('/notes/:id', async (req, res) => {
  const id = noteId(req)
  validate(req.body, { titleRequired: false })
  // COALESCE keeps the current value of a field the request does not give.
  const { rows } = await pool.query(
    `UPDATE notes SET title = COALESCE($2, title), body = COALESCE($3, body)
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, req.body.title ?? null, req.body.body ?? null],
  )
  res.json(found(rows, id))
})

app.delete('/notes/:id', async (req, res) => {
  const id = noteId(req)
  const { rowCount } = await pool.query('DELETE FROM notes WHERE id = $1', [id])
  if (rowCount === 0) throw new HttpError(404, `no note with id ${id}`)
  res.json({ deleted: id })
})

// Every other route: a JSON 404 instead of Express's HTML "Cannot GET" page.
app.use((req, res) => {
  res.status(404).json({ error: `no route for ${req.method} ${req.path}` })
})

// Errors thrown by the routes above (Express 5 catches rejected promises too), and the
// malformed JSON express.json() rejects, become JSON errors instead of HTML pages.
app.use((error, req, res, next) => {
  if (error instanceof HttpError) return res.status(error.status).json({ error: error.message })
  if (error.type === 'entity.parse.failed') return res.status(400).json({ error: 'the request body is not valid JSON' })
  console.error(error)
  res.status(500).json({ error: 'internal server error' })
})

const port = Number(process.env.PORT) || 3000
app.listen(port, () => console.log(`notes API listening on port ${port}`))
