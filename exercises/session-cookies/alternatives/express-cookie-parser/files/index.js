// Session cookies with Express 5 and cookie-parser; users and sessions are kept in memory.
const express = require('express')
const cookieParser = require('cookie-parser')
const bcrypt = require('bcryptjs')
const crypto = require('node:crypto')

const app = express()
app.use(express.json())
app.use(cookieParser())

const accounts = new Map() // username -> { id, username, passwordHash, createdAt }
const openSessions = new Map() // session id -> username

const view = account => ({ id: account.id, username: account.username, createdAt: account.createdAt })
const isFilled = value => typeof value === 'string' && value.length > 0

function readCredentials(req) {
  const body = req.body
  if (!body || typeof body !== 'object') return null
  if (!isFilled(body.username) || !isFilled(body.password)) return null
  return { username: body.username, password: body.password }
}

app.post('/signup', async (req, res) => {
  const creds = readCredentials(req)
  if (!creds) return res.status(400).json({ error: 'username and password must be non-empty strings' })
  if (accounts.has(creds.username)) return res.status(409).json({ error: 'username already taken' })
  const account = {
    id: crypto.randomUUID(),
    username: creds.username,
    passwordHash: await bcrypt.hash(creds.password, 10),
    createdAt: new Date().toISOString(),
  }
  if (accounts.has(creds.username)) return res.status(409).json({ error: 'username already taken' })
  accounts.set(account.username, account)
  res.status(201).json(view(account))
})

app.post('/login', async (req, res) => {
  const creds = readCredentials(req)
  if (!creds) return res.status(400).json({ error: 'username and password must be non-empty strings' })
  const account = accounts.get(creds.username)
  const ok = account ? await bcrypt.compare(creds.password, account.passwordHash) : false
  if (!ok) return res.status(401).json({ error: 'invalid credentials' })
  const old = req.cookies.sid
  if (old) openSessions.delete(old)
  const sid = crypto.randomBytes(24).toString('hex')
  openSessions.set(sid, account.username)
  res.cookie('sid', sid, { httpOnly: true, sameSite: 'strict', maxAge: 8 * 3600 * 1000 })
  res.json(view(account))
})

app.get('/me', (req, res) => {
  const sid = req.cookies.sid
  const username = sid ? openSessions.get(sid) : undefined
  if (!username) return res.status(401).json({ error: 'not logged in' })
  res.json(view(accounts.get(username)))
})

app.post('/logout', (req, res) => {
  const sid = req.cookies.sid
  if (sid) openSessions.delete(sid)
  res.clearCookie('sid', { httpOnly: true, sameSite: 'strict' })
  res.json({ loggedOut: true })
})

app.use((req, res) => res.status(404).json({ error: 'not found' }))

// Malformed JSON bodies: answer JSON, not Express's HTML error page.
app.use((err, req, res, next) => {
  const status = err.status || err.statusCode || 500
  res.status(status).json({ error: status === 400 ? 'malformed request body' : 'internal error' })
})

app.listen(Number(process.env.PORT || 3000), () => console.log('listening'))
