// Throttle failed logins. Run it with: PORT=3000 node server.js
// Read instructions.md for what each route must do; the grader checks them one by one.
import { createServer } from 'node:http'
import bcrypt from 'bcryptjs'

// Everything lives in memory, e.g. in Maps keyed by the lower-case username:
// the accounts (task 1) and the recent failed logins of each username (tasks 3 and 4).

function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

/** The parsed JSON object of the request body, or undefined when it is not one. */
async function readJsonObject(req) {
  let text = ''
  for await (const chunk of req) text += chunk
  try {
    const value = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined
  } catch {
    return undefined
  }
}

function notImplemented(req, res) {
  sendJson(res, 501, { error: `${req.method} ${req.url} is not implemented yet` })
}

const server = createServer(async (req, res) => {
  try {
    const { pathname } = new URL(req.url, 'http://localhost')
    if (pathname === '/signup' && req.method === 'POST') {
      // Task 1: validate, hash with `await bcrypt.hash(password, 10)`, answer 201 { id, username }.
      return notImplemented(req, res)
    }
    if (pathname === '/login' && req.method === 'POST') {
      // Tasks 2 to 4: check the lock first, then the password (`await bcrypt.compare(password, hash)`).
      return notImplemented(req, res)
    }
    // Task 5: every other route answers 404 with a JSON body.
    sendJson(res, 404, { error: `no route for ${req.method} ${pathname}` })
  } catch (error) {
    console.error(error)
    if (!res.headersSent) sendJson(res, 500, { error: 'internal server error' })
  }
})

// No host argument: the server then accepts connections on every interface.
const port = Number(process.env.PORT) || 3000
server.listen(port, () => console.log(`listening on port ${port}`))
