import { createServer } from 'node:http'
import { createHmac, timingSafeEqual } from 'node:crypto'

const SECRET = process.env.JWT_SECRET
const LEEWAY = 30

function decodePart(part) {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
}

function verifyToken(token) {
  const parts = token.split('.')
  if (parts.length !== 3) throw new Error('malformed token')
  const [head, body, signature] = parts
  const header = decodePart(head)
  const payload = decodePart(body)
  if (typeof payload !== 'object' || payload === null) throw new Error('payload is not an object')
  // The bug: "alg: none" tokens skip the signature check (handy while testing, says the
  // comment that was never removed), so anyone can write an unsigned token.
  if (header.alg === 'none') return payload
  if (header.alg !== 'HS256') throw new Error('only HS256 tokens are accepted')
  const expected = createHmac('sha256', SECRET).update(`${head}.${body}`).digest()
  const given = Buffer.from(signature, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('bad signature')
  const now = Math.floor(Date.now() / 1000)
  if (typeof payload.exp !== 'number') throw new Error('exp is required')
  if (payload.exp + LEEWAY < now) throw new Error('token expired')
  if (typeof payload.nbf === 'number' && payload.nbf - LEEWAY > now) throw new Error('token not valid yet')
  return payload
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

function claimsOf(req, res) {
  const match = /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '')
  const fail = message => send(res, 401, { error: message }, { 'WWW-Authenticate': 'Bearer realm="api"' })
  if (!match) return fail('missing Bearer token')
  try {
    return verifyToken(match[1])
  } catch (error) {
    return fail(error.message)
  }
}

const server = createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost')
  if (req.method === 'GET' && pathname === '/public') return send(res, 200, { message: 'hello' })
  if (req.method === 'GET' && pathname === '/me') {
    const claims = claimsOf(req, res)
    if (claims) send(res, 200, { sub: claims.sub, name: claims.name })
    return
  }
  if (req.method === 'GET' && pathname === '/admin') {
    const claims = claimsOf(req, res)
    if (!claims) return
    if (claims.role !== 'admin') return send(res, 403, { error: 'admins only' })
    return send(res, 200, { message: 'welcome' })
  }
  send(res, 404, { error: 'not found' })
})

server.listen(Number(process.env.PORT) || 3000)
