// Login API with Express and cookie-parser, sessions in memory.
import express from 'express'
import cookieParser from 'cookie-parser'
import bcrypt from 'bcryptjs'
import { randomBytes } from 'node:crypto'

const app = express()
app.use(express.json())
app.use(cookieParser())

const users = new Map()
const sessions = new Map()
let nextId = 1

const publicUser = user => ({ id: user.id, username: user.username })

function readCredentials(req, res) {
  const { username, password } = req.body ?? {}
  if (typeof username !== 'string' || username.trim() === '' || typeof password !== 'string' || password === '') {
    res.status(400).json({ error: 'username and password must be non-empty strings' })
    return undefined
  }
  return { username, password }
}

app.post('/signup', async (req, res) => {
  const creds = readCredentials(req, res)
  if (!creds) return
  if (users.has(creds.username)) return res.status(409).json({ error: 'username taken' })
  const user = { id: nextId++, username: creds.username, hash: await bcrypt.hash(creds.password, 8) }
  users.set(user.username, user)
  res.status(201).json(publicUser(user))
})

app.post('/login', async (req, res) => {
  const creds = readCredentials(req, res)
  if (!creds) return
  const user = users.get(creds.username)
  if (!user || !(await bcrypt.compare(creds.password, user.hash))) {
    return res.status(401).json({ error: 'wrong username or password' })
  }
  sessions.delete(req.cookies.sid)
  const sid = randomBytes(32).toString('base64url')
  sessions.set(sid, user.username)
  // The bug: res.cookie() does not add HttpOnly unless asked ({ httpOnly: true }), so any
  // script on the page (an XSS) can read document.cookie and steal the session.
  res.cookie('sid', sid, { sameSite: 'lax' })
  res.json(publicUser(user))
})

app.get('/me', (req, res) => {
  const user = users.get(sessions.get(req.cookies.sid))
  if (!user) return res.status(401).json({ error: 'not logged in' })
  res.json(publicUser(user))
})

app.post('/logout', (req, res) => {
  sessions.delete(req.cookies.sid)
  res.clearCookie('sid')
  res.status(204).end()
})

app.use((req, res) => res.status(404).json({ error: 'not found' }))
app.use((error, req, res, next) => res.status(error.status ?? 500).json({ error: error.message }))

app.listen(Number(process.env.PORT) || 3000)
