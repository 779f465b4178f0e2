// Login API, broken on purpose: POST /signup only checks that the password is a string, so an empty password makes an account.
import { createServer } from 'node:http'
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'

const scryptAsync = promisify(scrypt)

const users = new Map() // username → { id, username, salt, hash }
const sessions = new Map() // session id → username
let nextUserId = 1

const COOKIE = 'sid'

async function hashPassword(password, salt = randomBytes(16)) {
  return { salt, hash: await scryptAsync(password, salt, 32) }
}

async function passwordMatches(user, password) {
  const { hash } = await hashPassword(password, user.salt)
  return timingSafeEqual(hash, user.hash)
}

const publicUser = user => ({ id: user.id, username: user.username })

function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

/** The cookies of a request, { name: value }. */
function cookiesOf(req) {
  const cookies = {}
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const index = pair.indexOf('=')
    if (index === -1) continue
    const name = pair.slice(0, index).trim()
    if (!(name in cookies)) cookies[name] = pair.slice(index + 1).trim()
  }
  return cookies
}

function sessionCookie(id) {
  return `${COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`
}

/** The user of the request's session, or undefined. */
function currentUser(req) {
  const id = cookiesOf(req)[COOKIE]
  const username = id ? sessions.get(id) : undefined
  return username === undefined ? undefined : users.get(username)
}

async function readJson(req) {
  let text = ''
  for await (const chunk of req) text += chunk
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** { username, password } from the body, or an error message. */
function credentials(body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { error: 'the body must be a JSON object' }
  const { username, password } = body
  if (typeof username !== 'string' || username.trim() === '') return { error: 'username must be a non-empty string' }
  if (typeof password !== 'string') return { error: 'password must be a non-empty string' }
  return { username, password }
}

async function signup(req, res) {
  const body = credentials(await readJson(req))
  if (body.error) return sendJson(res, 400, { error: body.error })
  if (users.has(body.username)) return sendJson(res, 409, { error: 'this username is taken' })
  const user = { id: nextUserId++, username: body.username, ...(await hashPassword(body.password)) }
  // Another signup of the same name may have finished while we were hashing.
  if (users.has(body.username)) return sendJson(res, 409, { error: 'this username is taken' })
  users.set(user.username, user)
  sendJson(res, 201, publicUser(user))
}

async function login(req, res) {
  const body = credentials(await readJson(req))
  if (body.error) return sendJson(res, 400, { error: body.error })
  const user = users.get(body.username)
  if (!user || !(await passwordMatches(user, body.password))) {
    return sendJson(res, 401, { error: 'wrong username or password' })
  }
  // A new id on every login, never the one the client sent (session fixation); the old session ends.
  const previous = cookiesOf(req)[COOKIE]
  if (previous) sessions.delete(previous)
  const id = randomBytes(32).toString('base64url')
  sessions.set(id, user.username)
  sendJson(res, 200, publicUser(user), { 'Set-Cookie': sessionCookie(id) })
}

function me(req, res) {
  const user = currentUser(req)
  if (!user) return sendJson(res, 401, { error: 'not logged in' })
  sendJson(res, 200, publicUser(user))
}

function logout(req, res) {
  // Forget the session on the server: deleting the cookie alone would leave copies of it valid.
  const id = cookiesOf(req)[COOKIE]
  if (id) sessions.delete(id)
  res.writeHead(204, { 'Set-Cookie': `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` })
  res.end()
}

const routes = {
  'POST /signup': signup,
  'POST /login': login,
  'GET /me': me,
  'POST /logout': logout,
}

const server = createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost')
  const handler = routes[`${req.method} ${pathname}`]
  if (!handler) return sendJson(res, 404, { error: `no route for ${req.method} ${pathname}` })
  try {
    await handler(req, res)
  } catch (error) {
    console.error(error)
    if (!res.headersSent) sendJson(res, 500, { error: 'internal error' })
  }
})

const port = Number(process.env.PORT) || 3000
server.listen(port, () => console.log(`session-cookies listening on port ${port}`))
