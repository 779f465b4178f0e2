// Hello, JSON. Run it with: PORT=3000 node server.js
// Read instructions.md for what each route must do; the grader checks them one by one.
import { createServer } from 'node:http'

function sendJson(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(body))
}

function notImplemented(req, res) {
  sendJson(res, 501, { error: `${req.method} ${req.url} is not implemented yet` })
}

const server = createServer((req, res) => {
  // new URL(...) splits the path from the query string and decodes the query for you:
  // url.searchParams.get('name') is the value of ?name=…, or null when there is none.
  const url = new URL(req.url, 'http://localhost')
  const { pathname } = url

  if (pathname === '/health' && req.method === 'GET') {
    // Task 1: answer 200 with {"status":"ok"}.
    return notImplemented(req, res)
  }
  if (pathname === '/hello' && req.method === 'GET') {
    // Task 2: greet the name in the query string, or the world when there is none.
    return notImplemented(req, res)
  }
  const [, encodedName] = /^\/hello\/([^/]+)$/.exec(pathname) ?? []
  if (encodedName !== undefined && req.method === 'GET') {
    // Task 3: greet the name in the path. It is still percent-encoded: decodeURIComponent().
    return notImplemented(req, res)
  }
  // Task 4: every other route answers 404 with a JSON error.
  sendJson(res, 404, { error: `no route for ${req.method} ${pathname}` })
})

// No host argument: the server then accepts connections on every interface, 127.0.0.1 included.
const port = Number(process.env.PORT) || 3000
server.listen(port, () => console.log(`hello-json listening on port ${port}`))
