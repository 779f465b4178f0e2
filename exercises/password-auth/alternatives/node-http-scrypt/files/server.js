const http = require('node:http')
const crypto = require('node:crypto')
const { promisify } = require('node:util')
const { Client, Pool } = require('pg')

const scrypt = promisify(crypto.scrypt)
const pool = new Pool({ connectionString: process.env.DATABASE_URL })

async function hashPassword(password) {
  const salt = crypto.randomBytes(16)
  const key = await scrypt(password, salt, 64)
  return `scrypt$${salt.toString('hex')}$${key.toString('hex')}`
}

async function verifyPassword(password, stored) {
  const [, saltHex, keyHex] = stored.split('$')
  const key = await scrypt(password, Buffer.from(saltHex, 'hex'), 64)
  return crypto.timingSafeEqual(key, Buffer.from(keyHex, 'hex'))
}

function reply(res, status, obj) {
  const body = JSON.stringify(obj)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

function readJson(req) {
  return new Promise(resolve => {
    let raw = ''
    req.setEncoding('utf8')
    req.on('data', chunk => (raw += chunk))
    req.on('end', () => {
      try {
        resolve({ ok: true, value: JSON.parse(raw) })
      } catch {
        resolve({ ok: false })
      }
    })
  })
}

const isObj = v => typeof v === 'object' && v !== null && !Array.isArray(v)
let dummy

async function handle(req, res) {
  const url = req.url.split('?')[0]
  if (req.method === 'POST' && url === '/signup') {
    const body = await readJson(req)
    if (!body.ok || !isObj(body.value)) return reply(res, 400, { error: 'send a JSON object' })
    const { username, password } = body.value
    if (typeof username !== 'string' || !/^[A-Za-z0-9_]{3,32}$/.test(username)) return reply(res, 400, { error: 'username is not valid' })
    if (typeof password !== 'string' || password.length < 8) return reply(res, 400, { error: 'password is not valid' })
    const passwordHash = await hashPassword(password)
    try {
      const r = await pool.query('INSERT INTO users (username, password_hash) VALUES ($1, $2) RETURNING user_id', [username, passwordHash])
      return reply(res, 201, { id: String(r.rows[0].user_id), username })
    } catch (e) {
      if (e.code === '23505') return reply(res, 409, { error: 'username taken' })
      throw e
    }
  }
  if (req.method === 'POST' && url === '/login') {
    const body = await readJson(req)
    const v = body.ok && isObj(body.value) ? body.value : {}
    if (typeof v.username !== 'string' || typeof v.password !== 'string') return reply(res, 400, { error: 'username and password are required' })
    const r = await pool.query('SELECT user_id, username, password_hash FROM users WHERE lower(username) = lower($1)', [v.username])
    const row = r.rows[0]
    const matches = await verifyPassword(v.password, row ? row.password_hash : dummy)
    if (!row || !matches) return reply(res, 401, { error: 'bad credentials' })
    return reply(res, 200, { ok: true, user: { id: String(row.user_id), username: row.username } })
  }
  reply(res, 404, { error: 'no such endpoint' })
}

async function main() {
  const c = new Client({ connectionString: process.env.DATABASE_URL })
  await c.connect()
  await c.query('CREATE TABLE IF NOT EXISTS users (user_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, username TEXT NOT NULL, password_hash TEXT NOT NULL, created_at TIMESTAMPTZ DEFAULT now())')
  await c.query('CREATE UNIQUE INDEX IF NOT EXISTS users_username_ci ON users (lower(username))')
  await c.end()
  dummy = await hashPassword('no-such-user-password')
  http
    .createServer((req, res) => {
      handle(req, res).catch(err => {
        console.error(err)
        reply(res, 500, { error: 'internal error' })
      })
    })
    .listen(Number(process.env.PORT))
}
main()
