// Login throttling with Express: accounts and failure records live in memory.
const express = require('express')
const bcrypt = require('bcryptjs')
const { randomUUID } = require('crypto')

const LIMIT = 5
const WINDOW = 60 * 1000

const app = express()
app.use(express.json())

const accounts = new Map() // lower-case name -> { id, username, hash }
const attempts = new Map() // lower-case name -> { times: [ms], lockedUntil: ms }

function recordFor(name, now) {
  let rec = attempts.get(name)
  if (!rec) {
    rec = { times: [], lockedUntil: 0 }
    attempts.set(name, rec)
  }
  rec.times = rec.times.filter(t => now - t < WINDOW)
  return rec
}

// Drop stale records once a minute.
setInterval(() => {
  const now = Date.now()
  for (const [name, rec] of attempts) {
    if (rec.lockedUntil <= now && rec.times.every(t => now - t >= WINDOW)) attempts.delete(name)
  }
}, WINDOW).unref()

const NAME_RULE = /^\w{3,32}$/

app.post('/signup', async (req, res) => {
  const { username, password } = req.body ?? {}
  if (typeof username !== 'string' || !NAME_RULE.test(username)) {
    return res.status(400).json({ error: 'the username must be 3-32 letters, digits or underscores' })
  }
  if (typeof password !== 'string' || password.length < 8) {
    return res.status(400).json({ error: 'the password needs at least 8 characters' })
  }
  const key = username.toLowerCase()
  if (accounts.has(key)) return res.status(409).json({ error: 'username already exists' })
  const hash = await bcrypt.hash(password, 10)
  if (accounts.has(key)) return res.status(409).json({ error: 'username already exists' })
  const account = { id: randomUUID(), username, hash }
  accounts.set(key, account)
  res.status(201).json({ id: account.id, username })
})

app.post('/login', async (req, res) => {
  const { username, password } = req.body ?? {}
  if (typeof username !== 'string' || typeof password !== 'string') {
    return res.status(400).json({ error: 'send a username and a password' })
  }
  const key = username.toLowerCase()
  const now = Date.now()
  const rec = recordFor(key, now)
  if (rec.lockedUntil > now) {
    const seconds = Math.ceil((rec.lockedUntil - now) / 1000)
    res.set('Retry-After', String(seconds))
    return res.status(429).json({ error: 'account locked after too many failed logins' })
  }
  const account = accounts.get(key)
  const ok = account ? await bcrypt.compare(password, account.hash) : false
  if (!ok) {
    const at = Date.now()
    rec.times.push(at)
    if (rec.times.length >= LIMIT) rec.lockedUntil = at + WINDOW
    return res.status(401).json({ error: 'invalid username or password' })
  }
  attempts.delete(key)
  res.json({ ok: true, user: { id: account.id, username: account.username } })
})

app.use((req, res) => res.status(404).json({ error: 'not found' }))
app.use((err, req, res, next) => {
  res.status(err.status ?? 500).json({ error: err.status === 400 ? 'the body is not valid JSON' : 'server error' })
})

app.listen(process.env.PORT ?? 3000)
