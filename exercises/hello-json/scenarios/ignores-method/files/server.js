// Scenario: node:http: never looks at the method, so POST /health, DELETE /hello and PUT /hello/<name> answer 200 like GET.
// Hello, JSON: reference solution with Node's built-in http module.
import { createServer } from 'node:http'

const MAX_NAME_LENGTH = 50

function sendJson(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(body))
}

/** The greeting for `name`, or a 400 when the name is not acceptable. */
function greet(res, name) {
  // Count characters, not UTF-16 code units: [...'Zoë'].length is 3.
  const length = [...name].length
  if (length === 0 || length > MAX_NAME_LENGTH) {
    return sendJson(res, 400, { error: `name must be 1 to ${MAX_NAME_LENGTH} characters long (got ${length})` })
  }
  sendJson(res, 200, { message: `Hello, ${name}!` })
}

const server = createServer((req, res) => {
  // URL parses the query string and decodes it (%20 and + become spaces, %C3%BC becomes ü).
  const url = new URL(req.url, 'http://localhost')
  const { pathname, searchParams } = url
  const [, encodedName] = /^\/hello\/([^/]+)$/.exec(pathname) ?? []
  const known = pathname === '/health' || pathname === '/hello' || encodedName !== undefined

  if (pathname === '/health') return sendJson(res, 200, { status: 'ok' })
  if (pathname === '/hello') {
    const name = searchParams.get('name')
    return name === null ? sendJson(res, 200, { message: 'Hello, world!' }) : greet(res, name)
  }
  if (encodedName !== undefined) {
    // The pathname stays percent-encoded: decode the segment ourselves.
    let name
    try {
      name = decodeURIComponent(encodedName)
    } catch {
      return sendJson(res, 400, { error: 'name is not valid percent-encoded UTF-8' })
    }
    return greet(res, name)
  }
  sendJson(res, 404, { error: `no route for ${req.method} ${pathname}` })
})

// No host argument: the server then accepts connections on every interface.
const port = Number(process.env.PORT) || 3000
server.listen(port, () => console.log(`hello-json listening on port ${port}`))
