import Fastify from 'fastify'
import pg from 'pg'
import bcrypt from 'bcryptjs'

const ROUNDS = 12
const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 })
await db.query(`CREATE TABLE IF NOT EXISTS users (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  username VARCHAR(32) NOT NULL,
  password_hash VARCHAR(100) NOT NULL
)`)
await db.query('CREATE UNIQUE INDEX IF NOT EXISTS users_lower_username ON users (lower(username))')
const FAKE = await bcrypt.hash('dummy-password-for-timing', ROUNDS)

const app = Fastify()
app.setErrorHandler((err, req, reply) => {
  const code = err.statusCode && err.statusCode < 500 ? err.statusCode : 500
  reply.code(code).send({ error: code === 500 ? 'server error' : err.message })
})
app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: 'not found' }))

const validUsername = u => typeof u === 'string' && /^[A-Za-z0-9_]{3,32}$/.test(u)

app.post('/signup', async (req, reply) => {
  const b = req.body
  if (b === null || typeof b !== 'object' || Array.isArray(b)) return reply.code(400).send({ error: 'expected a JSON object' })
  if (!validUsername(b.username)) return reply.code(400).send({ error: 'invalid username: 3-32 letters, digits, _' })
  if (typeof b.password !== 'string' || [...b.password].length < 8) return reply.code(400).send({ error: 'password too short (min 8)' })
  const hash = await bcrypt.hash(b.password, ROUNDS)
  try {
    const { rows } = await db.query('INSERT INTO users (username, password_hash) VALUES ($1, $2) RETURNING id', [b.username, hash])
    return reply.code(201).send({ id: rows[0].id, username: b.username })
  } catch (e) {
    if (e.code === '23505') return reply.code(409).send({ error: 'username already exists' })
    throw e
  }
})

app.post('/login', async (req, reply) => {
  const b = req.body ?? {}
  if (typeof b !== 'object' || typeof b.username !== 'string' || typeof b.password !== 'string') {
    return reply.code(400).send({ error: 'username and password must be strings' })
  }
  const { rows } = await db.query('SELECT id, username, password_hash FROM users WHERE lower(username) = lower($1)', [b.username])
  const ok = await bcrypt.compare(b.password, rows[0]?.password_hash ?? FAKE)
  if (!rows[0] || !ok) return reply.code(401).send({ error: 'invalid credentials' })
  return { ok: true, user: { id: rows[0].id, username: rows[0].username } }
})

await app.listen({ port: Number(process.env.PORT), host: '0.0.0.0' })
