import Fastify from 'fastify'

const fastify = Fastify()

function countChars(text) {
  let count = 0
  for (const _ of text) count++
  return count
}

function greeting(name, reply) {
  const n = countChars(name)
  if (n === 0 || n > 50) return reply.code(400).send({ error: `name: expected 1-50 characters, got ${n}` })
  return { message: `Hello, ${name}!` }
}

fastify.get('/health', async () => ({ status: 'ok' }))
fastify.get('/hello', async (request, reply) =>
  typeof request.query.name === 'string' ? greeting(request.query.name, reply) : { message: 'Hello, world!' })
fastify.get('/hello/:name', async (request, reply) => greeting(request.params.name, reply))

fastify.setNotFoundHandler((request, reply) => {
  reply.code(404).send({ error: `not found: ${request.method} ${request.url}` })
})

fastify.listen({ port: Number(process.env.PORT), host: '0.0.0.0' })
