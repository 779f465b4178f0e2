import Fastify from 'fastify'

const app = Fastify()
const todos = new Map()
let counter = 0

class BadRequest extends Error {}

function validate(body, isNew) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadRequest('body must be a JSON object')
  const has = key => Object.prototype.hasOwnProperty.call(body, key)
  if (isNew && !has('title')) throw new BadRequest('title missing')
  if (has('title')) {
    const { title } = body
    if (typeof title !== 'string') throw new BadRequest('title must be a string')
    if (/^\s*$/.test(title)) throw new BadRequest('title is empty')
    let n = 0
    for (const _ of title) n++
    if (n > 200) throw new BadRequest('title too long (max 200)')
  }
  if (has('completed') && typeof body.completed !== 'boolean') throw new BadRequest('completed must be a boolean')
}

app.setErrorHandler((err, req, reply) => {
  if (err instanceof BadRequest) return reply.code(400).send({ error: err.message })
  // Fastify's own body parser errors (malformed JSON) carry a 4xx statusCode.
  if (err.statusCode && err.statusCode < 500) return reply.code(err.statusCode).send({ error: err.message })
  reply.code(500).send({ error: 'internal error' })
})

app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: `unknown route ${req.method} ${req.url}` }))

const notFound = (reply, id) => reply.code(404).send({ error: `todo ${id} not found` })

app.get('/todos', async () => [...todos.values()])

app.post('/todos', async (req, reply) => {
  validate(req.body, true)
  counter += 1
  const todo = { id: `todo-${counter}`, title: req.body.title, completed: req.body.completed ?? false }
  todos.set(todo.id, todo)
  return reply.code(201).header('Location', `/todos/${todo.id}`).send(todo)
})

app.get('/todos/:id', async (req, reply) => todos.get(req.params.id) ?? notFound(reply, req.params.id))

app.patch('/todos/:id', async (req, reply) => {
  const todo = todos.get(req.params.id)
  if (!todo) return notFound(reply, req.params.id)
  validate(req.body, false)
  if ('title' in req.body) todo.title = req.body.title
  if ('completed' in req.body) todo.completed = req.body.completed
  return todo
})

app.delete('/todos/:id', async (req, reply) => {
  if (!todos.delete(req.params.id)) return notFound(reply, req.params.id)
  return reply.code(204).send()
})

await app.listen({ port: Number(process.env.PORT ?? 3000), host: '0.0.0.0' })
