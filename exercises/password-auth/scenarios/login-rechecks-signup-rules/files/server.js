// Reference solution for password-auth: Express, pg and bcryptjs.
import bcrypt from 'bcryptjs'
import express from 'express'
import pg from 'pg'

const BCRYPT_COST = 10
const USERNAME_PATTERN = /^[A-Za-z0-9_]{3,32}$/
const MIN_PASSWORD_LENGTH = 8

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })

// The database starts empty: create the table (once) before accepting requests.
await pool.query(`
  CREATE TABLE IF NOT EXISTS users (
    id SERIAL PRIMARY KEY,
    username TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
  )
`)
// Usernames are unique whatever their letter case: "Alice" and "alice" are the same account.
await pool.query('CREATE UNIQUE INDEX IF NOT EXISTS users_username_lower_key ON users (lower(username))')

// Compared against when the username is unknown, so both failures take the same time.
const DUMMY_HASH = bcrypt.hashSync('not a real password', BCRYPT_COST)

const isObject = value => value !== null && typeof value === 'object' && !Array.isArray(value)

const app = express()
app.use(express.json())

app.post('/signup', async (req, res) => {
  const body = req.body
  if (!isObject(body)) {
    return res.status(400).json({ error: 'the body must be a JSON object with a username and a password' })
  }
  const { username, password } = body
  if (typeof username !== 'string' || !USERNAME_PATTERN.test(username)) {
    return res.status(400).json({ error: 'username must be 3 to 32 letters, digits or underscores' })
  }
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
    return res.status(400).json({ error: `password must be a string of at least ${MIN_PASSWORD_LENGTH} characters` })
  }
  const passwordHash = await bcrypt.hash(password, BCRYPT_COST)
  try {
    const { rows } = await pool.query(
      'INSERT INTO users (username, password_hash) VALUES ($1, $2) RETURNING id, username',
      [username, passwordHash],
    )
    res.status(201).json(rows[0])
  } catch (error) {
    if (error.code === '23505') return res.status(409).json({ error: 'this username is already taken' })
    throw error
  }
})

app.post('/login', async (req, res) => {
  const body = req.body
  if (!isObject(body) || typeof body.username !== 'string' || typeof body.password !== 'string') {
    return res.status(400).json({ error: 'username and password are required' })
  }
  if (!USERNAME_PATTERN.test(body.username) || body.password.length < MIN_PASSWORD_LENGTH) {
    return res.status(400).json({ error: 'invalid username or password format' })
  }
  // A placeholder ($1), never string concatenation: the username is data, not SQL.
  const { rows } = await pool.query(
    'SELECT id, username, password_hash FROM users WHERE lower(username) = lower($1)',
    [body.username],
  )
  const user = rows[0]
  const matches = await bcrypt.compare(body.password, user ? user.password_hash : DUMMY_HASH)
  if (!user || !matches) {
    // One answer for both cases: nobody learns which usernames exist.
    return res.status(401).json({ error: 'wrong username or password' })
  }
  res.json({ ok: true, user: { id: user.id, username: user.username } })
})

app.use((req, res) => {
  res.status(404).json({ error: `no route for ${req.method} ${req.path}` })
})

// Express answers errors with an HTML page by default; this API answers JSON.
app.use((error, req, res, next) => {
  if (error.type === 'entity.parse.failed') return res.status(400).json({ error: 'the body is not valid JSON' })
  if (error.status >= 400 && error.status < 500) return res.status(error.status).json({ error: error.message })
  console.error(error)
  res.status(500).json({ error: 'internal server error' })
})

const port = Number(process.env.PORT) || 3000
app.listen(port, () => console.log(`password-auth listening on port ${port}`))
