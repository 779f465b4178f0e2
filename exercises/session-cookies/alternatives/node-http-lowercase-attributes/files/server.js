// Session cookies on plain node:http, CommonJS, hand-written Cookie parsing.
const http = require('node:http')
const crypto = require('node:crypto')

const users = Object.create(null) // username -> { id, username, salt, key }
const sessions = Object.create(null) // session id -> username
let counter = 0

function hash(password, salt) {
  return new Promise((resolve, reject) => {
    crypto.scrypt(password, salt, 64, (err, key) => (err ? reject(err) : resolve(key)))
  })
}

function parseCookies(header) {
  const out = Object.create(null)
  if (!header) return out
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    const name = part.slice(0, eq).trim()
    const value = part.slice(eq + 1).trim()
    if (name && !(name in out)) out[name] = value
  }
  return out
}

function reply(res, status, payload, extra) {
  const headers = Object.assign({ 'content-type': 'application/json; charset=utf-8' }, extra)
  if (payload === undefined) {
    res.writeHead(status, extra || {})
    return res.end()
  }
  res.writeHead(status, headers)
  res.end(JSON.stringify(payload))
}

function body(req) {
  return new Promise(resolve => {
    const chunks = []
    req.on('data', c => chunks.push(c))
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      } catch (e) {
        resolve(null)
      }
    })
  })
}

function valid(data) {
  return (
    data !== null && typeof data === 'object' &&
    typeof data.username === 'string' && data.username !== '' &&
    typeof data.password === 'string' && data.password !== ''
  )
}

const shown = u => ({ id: u.id, username: u.username })

const server = http.createServer(async (req, res) => {
  const path = req.url.split('?')[0]
  const cookies = parseCookies(req.headers.cookie)
  try {
    if (req.method === 'POST' && path === '/signup') {
      const data = await body(req)
      if (!valid(data)) return reply(res, 400, { error: 'need a non-empty username and password' })
      if (users[data.username]) return reply(res, 409, { error: 'username exists' })
      const salt = crypto.randomBytes(16)
      const key = await hash(data.password, salt)
      if (users[data.username]) return reply(res, 409, { error: 'username exists' })
      counter += 1
      const user = { id: 'user-' + counter, username: data.username, salt, key }
      users[data.username] = user
      return reply(res, 201, shown(user))
    }
    if (req.method === 'POST' && path === '/login') {
      const data = await body(req)
      if (!valid(data)) return reply(res, 400, { error: 'need a non-empty username and password' })
      const user = users[data.username]
      let good = false
      if (user) good = crypto.timingSafeEqual(await hash(data.password, user.salt), user.key)
      if (!good) return reply(res, 401, { error: 'username or password is wrong' })
      if (cookies.sid) delete sessions[cookies.sid]
      const sid = crypto.randomBytes(32).toString('hex')
      sessions[sid] = user.username
      return reply(res, 200, shown(user), { 'set-cookie': 'sid=' + sid + '; httponly; samesite=strict; path=/; max-age=3600' })
    }
    if (req.method === 'GET' && path === '/me') {
      const name = cookies.sid ? sessions[cookies.sid] : undefined
      if (!name) return reply(res, 401, { error: 'no session' })
      return reply(res, 200, shown(users[name]))
    }
    if (req.method === 'POST' && path === '/logout') {
      if (cookies.sid) delete sessions[cookies.sid]
      return reply(res, 204, undefined, { 'set-cookie': 'sid=; path=/; max-age=0' })
    }
    return reply(res, 404, { error: 'not found' })
  } catch (err) {
    console.error(err)
    return reply(res, 500, { error: 'server error' })
  }
})

server.listen(process.env.PORT || 3000)
