// jwt-guard with node:http only: the JWT is checked by hand with node:crypto.
const http = require('node:http')
const crypto = require('node:crypto')

const SECRET = process.env.JWT_SECRET
const LEEWAY = 10

function send(res, status, body, headers = {}) {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers })
  res.end(text)
}

function deny(res, error) {
  send(res, 401, { error }, { 'WWW-Authenticate': 'Bearer realm="api", error="invalid_token"' })
}

const isPlainObject = v => v !== null && typeof v === 'object' && !Array.isArray(v)

function decodePart(part) {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) throw new Error('not base64url')
  const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
  if (!isPlainObject(value)) throw new Error('not an object')
  return value
}

// Returns the claims, or a string saying why the token is refused.
function verify(authorization) {
  if (authorization === undefined) return 'no token'
  const m = /^bearer (.+)$/i.exec(authorization)
  if (!m) return 'Authorization must be Bearer <token>'
  const parts = m[1].split('.')
  if (parts.length !== 3) return 'a token has three parts'
  const [h, p, sig] = parts
  let header, payload
  try {
    header = decodePart(h)
  } catch {
    return 'bad token header'
  }
  if (header.alg !== 'HS256') return 'only HS256 tokens are accepted'
  const want = crypto.createHmac('sha256', SECRET).update(`${h}.${p}`).digest()
  const got = Buffer.from(sig, 'base64url')
  if (!/^[A-Za-z0-9_-]+$/.test(sig) || got.length !== want.length || !crypto.timingSafeEqual(got, want)) return 'bad signature'
  try {
    payload = decodePart(p)
  } catch {
    return 'bad token payload'
  }
  const now = Date.now() / 1000
  if (typeof payload.exp !== 'number') return 'exp is required'
  if (payload.exp + LEEWAY <= now) return 'token expired'
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf - LEEWAY > now)) return 'token not valid yet'
  return payload
}

const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname
  if (req.method === 'GET' && (path === '/public' || path === '/me' || path === '/admin')) {
    if (path === '/public') {
      const c = verify(req.headers.authorization)
      if (typeof c === 'string') return deny(res, c)
      return send(res, 200, { message: 'hi there' })
    }
    const claims = verify(req.headers.authorization)
    if (typeof claims === 'string') return deny(res, claims)
    if (path === '/me') return send(res, 200, { sub: claims.sub, name: claims.name, role: claims.role ?? null })
    if (claims.role !== 'admin') return send(res, 403, { error: 'forbidden: admin role required' })
    return send(res, 200, { ok: true, admin: claims.sub })
  }
  send(res, 404, { error: 'not found' })
})
server.listen(Number(process.env.PORT || 3000))
