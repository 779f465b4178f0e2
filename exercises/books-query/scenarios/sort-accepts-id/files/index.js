// Scenario: Fastify: id is one of the sortable fields, so ?sort=-id and ?sort=id answer 200 instead of 400.
const path = require('node:path')
const fastify = require('fastify')({ logger: false })
const books = require(path.join(__dirname, 'books.json'))

const INTEGER = /^-?[0-9]+$/

function integer(query, name, fallback) {
  const value = query[name]
  if (value === undefined) return fallback
  if (typeof value !== 'string' || !INTEGER.test(value)) {
    const err = new Error(`${name} must be a whole number`)
    err.statusCode = 400
    throw err
  }
  return parseInt(value, 10)
}

function badRequest(message) {
  const err = new Error(message)
  err.statusCode = 400
  return err
}

const ORDER = {
  title: (a, b) => a.title.localeCompare(b.title),
  author: (a, b) => a.author.localeCompare(b.author),
  year: (a, b) => a.year - b.year,
  id: (a, b) => a.id - b.id,
}

fastify.get('/books', async request => {
  const q = request.query
  const limit = integer(q, 'limit', 10)
  const offset = integer(q, 'offset', 0)
  const yearFrom = integer(q, 'year_from', undefined)
  const yearTo = integer(q, 'year_to', undefined)
  if (limit < 1 || limit > 50) throw badRequest('limit is out of range: 1 to 50')
  if (offset < 0) throw badRequest('offset must not be negative')
  let order = null
  if (q.sort !== undefined) {
    const desc = q.sort.startsWith('-')
    const byField = ORDER[desc ? q.sort.slice(1) : q.sort]
    if (!Object.hasOwn(ORDER, desc ? q.sort.slice(1) : q.sort)) throw badRequest(`sort: unknown field ${q.sort}`)
    order = (a, b) => (desc ? -byField(a, b) : byField(a, b)) || a.id - b.id
  }
  let found = books.filter(b => q.author === undefined || b.author === q.author)
  found = found.filter(b => q.genre === undefined || b.genre === q.genre)
  found = found.filter(b => (yearFrom === undefined || b.year >= yearFrom) && (yearTo === undefined || b.year <= yearTo))
  if (order) found = [...found].sort(order)
  return { items: found.slice(offset, offset + limit), total: found.length, limit, offset }
})

fastify.get('/books/:id', async (request, reply) => {
  const book = books.find(b => `${b.id}` === request.params.id)
  if (!book) return reply.code(404).send({ error: 'book not found' })
  return book
})

fastify.setErrorHandler((err, request, reply) => {
  reply.code(err.statusCode && err.statusCode < 500 ? err.statusCode : 500).send({ error: err.message })
})
fastify.setNotFoundHandler((request, reply) => reply.code(404).send({ error: 'not found' }))

fastify.listen({ port: +process.env.PORT, host: '0.0.0.0' })
