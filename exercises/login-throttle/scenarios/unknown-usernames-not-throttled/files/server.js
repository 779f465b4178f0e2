// Login API, broken on purpose: Only failures for accounts that exist are counted, so an unknown username is never locked (and a 429 tells that an account exists).
import { createServer } from 'node:http'
import bcrypt from 'bcryptjs'

const BCRYPT_COST = 10
const USERNAME_PATTERN = /^[A-Za-z0-9_]{3,32}$/
const MIN_PASSWORD_LENGTH = 8
const MAX_FAILURES = 5
const WINDOW_MS = 60_000

/** lower-case username → { id, username, passwordHash } */
const users = new Map()
let lastId = 0

/**
 * lower-case username → times (ms) of its recent failed logins, oldest first. Unknown usernames
 * get an entry too: they are throttled exactly like real accounts, so a lock reveals nothing.
 */
const failures = new Map()

/** The failures of `key` still inside the window (older ones are forgotten). */
function recentFailures(key, now) {
  const recent = (failures.get(key) ?? []).filter(time => now - time < WINDOW_MS)
  if (recent.length > 0) failures.set(key, recent)
  else failures.delete(key)
  return recent
}

// Forget expired failures now and then, so usernames tried once do not pile up forever.
setInterval(() => {
  const now = Date.now()
  for (const key of failures.keys()) recentFailures(key, now)
}, WINDOW_MS).unref()

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

async function signup(req, res) {
  const body = await readJsonObject(req)
  if (!body) return sendJson(res, 400, { error: 'the body must be a JSON object with a username and a password' })
  const { username, password } = body
  if (typeof username !== 'string' || !USERNAME_PATTERN.test(username)) {
    return sendJson(res, 400, { error: 'username must be 3 to 32 letters, digits or underscores' })
  }
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
    return sendJson(res, 400, { error: `password must be a string of at least ${MIN_PASSWORD_LENGTH} characters` })
  }
  const key = username.toLowerCase()
  if (users.has(key)) return sendJson(res, 409, { error: 'this username is already taken' })
  const passwordHash = await bcrypt.hash(password, BCRYPT_COST)
  // Checked again: another sign-up for the same name may have finished while this one hashed.
  if (users.has(key)) return sendJson(res, 409, { error: 'this username is already taken' })
  const user = { id: ++lastId, username, passwordHash }
  users.set(key, user)
  sendJson(res, 201, { id: user.id, username: user.username })
}

async function login(req, res) {
  const body = await readJsonObject(req)
  if (!body || typeof body.username !== 'string' || typeof body.password !== 'string') {
    return sendJson(res, 400, { error: 'username and password are required' })
  }
  const key = body.username.toLowerCase()
  const now = Date.now()

  // The lock comes first: while it lasts, not even the right password gets in.
  const recent = recentFailures(key, now)
  if (recent.length >= MAX_FAILURES) {
    const unlocksAt = recent[recent.length - MAX_FAILURES] + WINDOW_MS
    const retryAfter = Math.max(1, Math.ceil((unlocksAt - now) / 1000))
    return sendJson(res, 429, { error: `too many failed logins, try again in ${retryAfter} seconds` }, { 'Retry-After': String(retryAfter) })
  }

  const user = users.get(key)
  const matches = user !== undefined && (await bcrypt.compare(body.password, user.passwordHash))
  if (!matches) {
    if (user) failures.set(key, [...recentFailures(key, Date.now()), Date.now()])
    return sendJson(res, 401, { error: 'wrong username or password' })
  }
  failures.delete(key)
  sendJson(res, 200, { ok: true, user: { id: user.id, username: user.username } })
}

const server = createServer(async (req, res) => {
  try {
    const { pathname } = new URL(req.url, 'http://localhost')
    if (pathname === '/signup' && req.method === 'POST') return await signup(req, res)
    if (pathname === '/login' && req.method === 'POST') return await login(req, res)
    sendJson(res, 404, { error: `no route for ${req.method} ${pathname}` })
  } catch (error) {
    console.error(error)
    if (!res.headersSent) sendJson(res, 500, { error: 'internal server error' })
  }
})

// No host argument: the server then accepts connections on every interface.
const port = Number(process.env.PORT) || 3000
server.listen(port, () => console.log(`login-throttle listening on port ${port}`))
