// Scenario: node:http: a new todo takes completed from the body as it is, so without one the todo has no completed field instead of false.
// Reference solution: an in-memory todo API on node:http alone.
import { createServer } from 'node:http'

const MAX_TITLE_LENGTH = 200
const MAX_BODY_BYTES = 1024 * 1024

// A Map iterates in insertion order, which is the creation order GET /todos must keep.
const todos = new Map()
// A counter, not todos.size + 1: ids must never be reused after a delete.
let nextId = 1

class HttpError extends Error {
  constructor(status, message) {
    super(message)
    this.status = status
  }
}

function send(res, status, body) {
  if (body === undefined) {
    res.writeHead(status).end()
    return
  }
  const json = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) })
  res.end(json)
}

async function readJson(req) {
  const chunks = []
  let size = 0
  for await (const chunk of req) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'the request body is too large')
    chunks.push(chunk)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw new HttpError(400, 'the request body is not valid JSON')
  }
}

// POST requires a title; PATCH checks only the fields it is given.
function validate(body, { titleRequired }) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'the request body must be a JSON object')
  }
  if (titleRequired || 'title' in body) {
    if (!('title' in body)) throw new HttpError(400, 'title is required')
    if (typeof body.title !== 'string') throw new HttpError(400, 'title must be a string')
    if (body.title.trim() === '') throw new HttpError(400, 'title must not be empty')
    // Unicode characters, not UTF-16 units: [...'🎉'].length is 1, '🎉'.length is 2.
    if ([...body.title].length > MAX_TITLE_LENGTH) {
      throw new HttpError(400, `title must be at most ${MAX_TITLE_LENGTH} characters`)
    }
  }
  if ('completed' in body && typeof body.completed !== 'boolean') {
    throw new HttpError(400, 'completed must be true or false')
  }
}

function findTodo(id) {
  const todo = todos.get(id)
  if (!todo) throw new HttpError(404, `no todo with id ${id}`)
  return todo
}

async function createTodo(req, res) {
  const body = await readJson(req)
  validate(body, { titleRequired: true })
  const todo = { id: nextId++, title: body.title, completed: body.completed }
  todos.set(String(todo.id), todo)
  res.setHeader('Location', `/todos/${todo.id}`)
  send(res, 201, todo)
}

async function updateTodo(req, res, id) {
  const todo = findTodo(id)
  const body = await readJson(req)
  validate(body, { titleRequired: false })
  if ('title' in body) todo.title = body.title
  if ('completed' in body) todo.completed = body.completed
  send(res, 200, todo)
}

async function route(req, res) {
  const { pathname } = new URL(req.url, 'http://localhost')
  if (pathname === '/todos') {
    if (req.method === 'GET') return send(res, 200, [...todos.values()])
    if (req.method === 'POST') return createTodo(req, res)
  }
  const [, id] = /^\/todos\/([^/]+)$/.exec(pathname) ?? []
  if (id !== undefined) {
    if (req.method === 'GET') return send(res, 200, findTodo(id))
    if (req.method === 'PATCH') return updateTodo(req, res, id)
    if (req.method === 'DELETE') {
      findTodo(id)
      todos.delete(id)
      return send(res, 204)
    }
  }
  throw new HttpError(404, `no route for ${req.method} ${pathname}`)
}

const server = createServer(async (req, res) => {
  try {
    await route(req, res)
  } catch (error) {
    if (error instanceof HttpError) return send(res, error.status, { error: error.message })
    console.error(error)
    send(res, 500, { error: 'internal server error' })
  }
})

const port = Number(process.env.PORT) || 3000
server.listen(port, () => console.log(`todos API listening on port ${port}`))
