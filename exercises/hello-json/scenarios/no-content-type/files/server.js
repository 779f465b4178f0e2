import { createServer } from 'node:http'

// Bug: the body is JSON, but no Content-Type header says so.
function sendJson(res, status, body) {
  res.statusCode = status
  res.end(JSON.stringify(body))
}

function greet(res, name) {
  if (name.length === 0 || [...name].length > 50) {
    return sendJson(res, 400, { error: 'name must be 1 to 50 characters long' })
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
