import express from 'express'
import jwt from 'jsonwebtoken'

const SECRET = process.env.JWT_SECRET

const app = express()

function unauthorized(res, message) {
  res.set('WWW-Authenticate', 'Bearer realm="api"')
  res.status(401).json({ error: message })
}

function requireToken(req, res, next) {
  const header = req.get('Authorization') ?? ''
  const match = /^Bearer +(\S+)$/i.exec(header)
  if (!match) return unauthorized(res, 'missing Bearer token')
  // The bug: jwt.decode only reads the payload. It never checks the signature, the
  // algorithm or exp: anyone can write a token that says whatever they like.
  const claims = jwt.decode(match[1])
  if (!claims) return unauthorized(res, 'invalid token')
  req.claims = claims
  next()
}

app.get('/public', (req, res) => res.json({ message: 'hello' }))
app.get('/me', requireToken, (req, res) => res.json({ sub: req.claims.sub, name: req.claims.name }))
app.get('/admin', requireToken, (req, res) => {
  if (req.claims.role !== 'admin') return res.status(403).json({ error: 'admins only' })
  res.json({ message: 'welcome' })
})
app.use((req, res) => res.status(404).json({ error: 'not found' }))
app.use((error, req, res, next) => res.status(500).json({ error: 'internal error' }))

app.listen(Number(process.env.PORT) || 3000)
