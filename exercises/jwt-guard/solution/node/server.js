// Reference solution for jwt-guard: Express and jsonwebtoken.
import express from 'express'
import jwt from 'jsonwebtoken'

const SECRET = process.env.JWT_SECRET
if (!SECRET) {
  console.error('JWT_SECRET is not set')
  process.exit(1)
}
// Clock skew we forgive on exp and nbf, in seconds (the instructions allow up to 30).
const LEEWAY_SECONDS = 30

const app = express()

/** 401 with the challenge RFC 6750 asks for; `invalid` adds error="invalid_token". */
function unauthorized(res, message, { invalid = true } = {}) {
  const challenge = invalid ? 'Bearer realm="api", error="invalid_token"' : 'Bearer realm="api"'
  res.set('WWW-Authenticate', challenge)
  res.status(401).json({ error: message })
}

/** The verified claims of the request's token, or undefined after answering 401. */
function claimsOf(req, res) {
  const header = req.get('Authorization')
  if (header === undefined) {
    unauthorized(res, 'missing Authorization header', { invalid: false })
    return undefined
  }
  // The scheme is case-insensitive (RFC 7235); the token is one word after it.
  const match = /^Bearer +(\S+) *$/i.exec(header)
  if (!match) {
    unauthorized(res, 'the Authorization header must be "Bearer <token>"')
    return undefined
  }
  let claims
  try {
    // algorithms: only HS256. Without it, jsonwebtoken also accepts HS384 and HS512.
    claims = jwt.verify(match[1], SECRET, { algorithms: ['HS256'], clockTolerance: LEEWAY_SECONDS })
  } catch (error) {
    unauthorized(res, `invalid token: ${error.message}`)
    return undefined
  }
  // jsonwebtoken returns whatever the payload was (a string, a number…) and does not require exp.
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) {
    unauthorized(res, 'invalid token: the payload is not a JSON object')
    return undefined
  }
  if (typeof claims.exp !== 'number') {
    unauthorized(res, 'invalid token: the exp claim is required')
    return undefined
  }
  return claims
}

function requireToken(req, res, next) {
  const claims = claimsOf(req, res)
  if (claims === undefined) return
  req.claims = claims
  next()
}

app.get('/public', (req, res) => {
  res.json({ message: 'anyone can read this' })
})

app.get('/me', requireToken, (req, res) => {
  res.json({ sub: req.claims.sub, name: req.claims.name })
})

app.get('/admin', requireToken, (req, res) => {
  if (req.claims.role !== 'admin') {
    return res.status(403).json({ error: 'admins only' })
  }
  res.json({ message: `welcome, ${req.claims.name}` })
})

app.use((req, res) => {
  res.status(404).json({ error: `no route for ${req.method} ${req.path}` })
})

// Express's own error page is HTML; keep errors JSON.
app.use((error, req, res, next) => {
  console.error(error)
  res.status(error.status ?? 500).json({ error: error.status ? error.message : 'internal error' })
})

const port = Number(process.env.PORT) || 3000
app.listen(port, () => console.log(`jwt-guard listening on port ${port}`))
