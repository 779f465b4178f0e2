// Your login API. Run it with: PORT=3000 node server.js
// Read instructions.md for what each route must do; the grader checks them one by one.
import { createServer } from 'node:http'
// import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'   // random ids, password hashing
// import bcrypt from 'bcryptjs'                                        // also available

// Keep users and sessions in memory, e.g. in Maps: sessions.set(sessionId, username).

function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

function notImplemented(req, res) {
  sendJson(res, 501, { error: `${req.method} ${req.url} is not implemented yet` })
}

// To read a JSON body: let text = ''; for await (const chunk of req) text += chunk; JSON.parse(text)
// The cookies a client sends are in req.headers.cookie, e.g. "sid=abc123; theme=dark".

const server = createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost')
  const route = `${req.method} ${pathname}`

  if (route === 'POST /signup') {
    // Task 1: create the user, answer 201 with it (never the password).
    return notImplemented(req, res)
  }
  if (route === 'POST /login') {
    // Tasks 2 and 5: check the password, start a session with a NEW random id,
    // answer 200 with the user and Set-Cookie: sid=<id>; Path=/; HttpOnly; SameSite=Lax
    return notImplemented(req, res)
  }
  if (route === 'GET /me') {
    // Task 3: answer 200 with the user of the session, or 401.
    return notImplemented(req, res)
  }
  if (route === 'POST /logout') {
    // Task 4: end the session on the server, answer 204.
    return notImplemented(req, res)
  }
  sendJson(res, 404, { error: `no route for ${route}` })
})

// No host argument: the server then accepts connections on every interface.
const port = Number(process.env.PORT) || 3000
server.listen(port, () => console.log(`listening on port ${port}`))
