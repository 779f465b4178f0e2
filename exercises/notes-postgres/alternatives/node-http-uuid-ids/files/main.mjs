import http from 'node:http'
import pg from 'pg'

const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 8 })

await db.query(`CREATE TABLE IF NOT EXISTS notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  title varchar(200) NOT NULL,
  body text NOT NULL DEFAULT ''
)`)

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function reply(res, status, value) {
  if (value === undefined) { res.writeHead(status); return res.end() }
  const text = JSON.stringify(value)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

async function readJson(req) {
  const chunks = []
  for await (const chunk of req) chunks.push(chunk)
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    if (value && typeof value === 'object' && !Array.isArray(value)) return { value }
    return { problem: 'the body must be a JSON object' }
  } catch {
    return { problem: 'the body is not valid JSON' }
  }
}

function problemWith(fields, isNew) {
  if (isNew && !Object.hasOwn(fields, 'title')) return 'title is required'
  if (Object.hasOwn(fields, 'title')) {
    const { title } = fields
    if (typeof title !== 'string') return 'title must be a string'
    if (!/\S/.test(title)) return 'title must not be blank'
    if ([...title].length > 200) return 'title is too long (200 characters at most)'
  }
  if (Object.hasOwn(fields, 'body') && typeof fields.body !== 'string') return 'body must be a string'
  return null
}

const notFound = (res, id) => reply(res, 404, { error: `there is no note ${id}` })

async function route(req, res) {
  const path = new URL(req.url, 'http://x').pathname
  if (path === '/notes') {
    if (req.method === 'GET') {
      const { rows } = await db.query('SELECT id, title, body FROM notes ORDER BY seq')
      return reply(res, 200, rows)
    }
    if (req.method === 'POST') {
      const { value, problem } = await readJson(req)
      const bad = problem ?? problemWith(value, true)
      if (bad) return reply(res, 400, { error: bad })
      const { rows } = await db.query('INSERT INTO notes (title, body) VALUES ($1, $2) RETURNING id, title, body', [value.title, value.body ?? ''])
      return reply(res, 201, rows[0])
    }
    return reply(res, 405, { error: 'method not allowed' })
  }
  const m = path.match(/^\/notes\/([^/]+)$/)
  if (!m) return reply(res, 404, { error: `no route ${path}` })
  const id = decodeURIComponent(m[1])
  if (!['GET', 'PATCH', 'DELETE'].includes(req.method)) return reply(res, 405, { error: 'method not allowed' })
  if (!UUID.test(id)) return notFound(res, id)
  if (req.method === 'GET') {
    const { rows } = await db.query('SELECT id, title, body FROM notes WHERE id = $1', [id])
    return rows.length ? reply(res, 200, rows[0]) : notFound(res, id)
  }
  if (req.method === 'DELETE') {
    const { rowCount } = await db.query('DELETE FROM notes WHERE id = $1', [id])
    return rowCount ? reply(res, 204) : notFound(res, id)
  }
  const { value, problem } = await readJson(req)
  const bad = problem ?? problemWith(value, false)
  if (bad) return reply(res, 400, { error: bad })
  const { rows } = await db.query(
    `UPDATE notes SET title = CASE WHEN $2 THEN $3 ELSE title END, body = CASE WHEN $4 THEN $5 ELSE body END
     WHERE id = $1 RETURNING id, title, body`,
    [id, 'title' in value, value.title ?? null, 'body' in value, value.body ?? null],
  )
  return rows.length ? reply(res, 200, rows[0]) : notFound(res, id)
}

http.createServer((req, res) => {
  route(req, res).catch(err => {
    console.error(err)
    if (!res.headersSent) reply(res, 500, { error: 'internal error' })
  })
}).listen(Number(process.env.PORT))
