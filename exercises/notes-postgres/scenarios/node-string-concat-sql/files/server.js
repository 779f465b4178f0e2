// Notes API on node:http and pg that builds its SQL by pasting values into the text: a quote
// in a title or body breaks the query (and could run SQL of the sender's choosing), and an id
// such as "abc" in the path becomes a syntax error instead of a 404.
import { createServer } from 'node:http'
import pg from 'pg'

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })
await pool.query(`CREATE TABLE IF NOT EXISTS notes (
  id SERIAL PRIMARY KEY,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMPTZ DEFAULT now()
)`)

function send(res, status, data) {
  if (data === undefined) return res.writeHead(status).end()
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(data))
}

async function readBody(req) {
  let text = ''
  for await (const chunk of req) text += chunk
  return JSON.parse(text)
}

function check(input, creating) {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'send a JSON object'
  if (creating && !('title' in input)) return 'title is required'
  if ('title' in input && (typeof input.title !== 'string' || !input.title.trim() || input.title.length > 200)) {
    return 'title must be a non-blank string of at most 200 characters'
  }
  if ('body' in input && typeof input.body !== 'string') return 'body must be a string'
}

const server = createServer(async (req, res) => {
  try {
    const [, id] = /^\/notes\/([^/]+)$/.exec(req.url) ?? []
    if (req.url === '/notes' && req.method === 'GET') {
      const { rows } = await pool.query('SELECT * FROM notes ORDER BY id')
      return send(res, 200, rows)
    }
    if (req.url === '/notes' && req.method === 'POST') {
      let input
      try {
        input = await readBody(req)
      } catch {
        return send(res, 400, { error: 'invalid JSON' })
      }
      const error = check(input, true)
      if (error) return send(res, 400, { error })
      const { rows } = await pool.query(
        `INSERT INTO notes (title, body) VALUES ('${input.title}', '${input.body ?? ''}') RETURNING *`,
      )
      return send(res, 201, rows[0])
    }
    if (id && req.method === 'GET') {
      const { rows } = await pool.query(`SELECT * FROM notes WHERE id = ${id}`)
      return rows.length ? send(res, 200, rows[0]) : send(res, 404, { error: 'note not found' })
    }
    if (id && req.method === 'PATCH') {
      let input
      try {
        input = await readBody(req)
      } catch {
        return send(res, 400, { error: 'invalid JSON' })
      }
      const error = check(input, false)
      if (error) return send(res, 400, { error })
      const { rows } = await pool.query(`SELECT * FROM notes WHERE id = ${id}`)
      if (!rows.length) return send(res, 404, { error: 'note not found' })
      const note = { ...rows[0], ...input }
      const updated = await pool.query(
        `UPDATE notes SET title = '${note.title}', body = '${note.body}' WHERE id = ${id} RETURNING *`,
      )
      return send(res, 200, updated.rows[0])
    }
    if (id && req.method === 'DELETE') {
      const { rowCount } = await pool.query(`DELETE FROM notes WHERE id = ${id}`)
      return rowCount ? send(res, 204) : send(res, 404, { error: 'note not found' })
    }
    send(res, 404, { error: 'not found' })
  } catch (error) {
    console.error(error.message)
    send(res, 500, { error: 'something went wrong' })
  }
})

server.listen(process.env.PORT || 3000)
