import Fastify from 'fastify'
import jwt from 'jsonwebtoken'

const secret = process.env.JWT_SECRET
const app = Fastify()

class HttpError extends Error {
  constructor(statusCode, message) {
    super(message)
    this.statusCode = statusCode
  }
}

function authenticate(request, verifyOptions = {}) {
  const header = request.headers.authorization
  if (!header) throw new HttpError(401, 'authentication required')
  const [scheme, token, ...rest] = header.split(' ')
  if (scheme.toLowerCase() !== 'bearer' || !token || rest.length) throw new HttpError(401, 'use the Bearer scheme')
  let payload
  try {
    payload = jwt.verify(token, secret, { algorithms: ['HS256'], clockTolerance: 5, ...verifyOptions })
  } catch (err) {
    throw new HttpError(401, err.message)
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || typeof payload.exp !== 'number') {
    throw new HttpError(401, 'token must carry an exp claim')
  }
  return payload
}

app.setErrorHandler((err, request, reply) => {
  const status = err.statusCode ?? 500
  if (status === 401) reply.header('www-authenticate', 'Bearer')
  reply.code(status).send({ error: err.message })
})
app.setNotFoundHandler((request, reply) => {
  reply.code(404).send({ error: 'route not found' })
})

app.get('/public', async () => ({ hello: 'world' }))
app.get('/me', async request => {
  const { sub, name } = authenticate(request)
  return { sub, name }
})
app.get('/admin', async request => {
  const user = authenticate(request, { ignoreExpiration: true })
  if (user.role !== 'admin') throw new HttpError(403, 'you are not an admin')
  return { message: `hello admin ${user.name}` }
})

await app.listen({ port: Number(process.env.PORT), host: '0.0.0.0' })
