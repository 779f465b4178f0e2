const express = require('express')
const { randomUUID } = require('node:crypto')

const app = express()
const todos = []

const fail = (res, status, error) => res.status(status).json({ error })

function problemWith(body, creating) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body must be a JSON object'
  if (creating && body.title === undefined) return 'title is required'
  if (body.title !== undefined) {
    if (typeof body.title !== 'string') return 'title must be a string'
    if (!body.title.trim()) return 'title must not be blank'
    if (Array.from(body.title).length > 200) return 'title is longer than 200 characters'
  }
  if (body.completed !== undefined && body.completed !== true && body.completed !== false) {
    return 'completed must be a boolean'
  }
  return null
}

// strict: false lets "text" and null through to our own check, which answers them with JSON.
app.use(express.json({ strict: false }))

app.get('/todos', (req, res) => res.json(todos))

app.post('/todos', (req, res) => {
  const problem = problemWith(req.body, true)
  if (problem) return fail(res, 400, problem)
  const todo = { id: randomUUID(), title: req.body.title, completed: req.body.completed === true }
  todos.push(todo)
  res.status(201).location(`/todos/${todo.id}`).json(todo)
})

app.get('/todos/:id', (req, res) => {
  const todo = todos.find(x => x.id === req.params.id)
  return todo ? res.json(todo) : fail(res, 404, `todo ${req.params.id} does not exist`)
})

app.patch('/todos/:id', (req, res) => {
  const todo = todos.find(x => x.id === req.params.id)
  if (!todo) return fail(res, 404, `todo ${req.params.id} does not exist`)
  const problem = problemWith(req.body, false)
  if (problem) return fail(res, 400, problem)
  if (req.body.title !== undefined) todo.title = req.body.title
  if (req.body.completed !== undefined) todo.completed = req.body.completed
  res.json(todo)
})

app.delete('/todos/:id', (req, res) => {
  const at = todos.findIndex(x => x.id === req.params.id)
  if (at === -1) return fail(res, 404, `todo ${req.params.id} does not exist`)
  todos.splice(at, 1)
  res.status(204).end()
})

app.use((req, res) => fail(res, 404, `nothing at ${req.method} ${req.path}`))

// Malformed JSON from express.json() ends up here.
app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') return fail(res, 400, 'the body is not valid JSON')
  fail(res, err.status || 500, err.message || 'server error')
})

app.listen(Number(process.env.PORT) || 3000)
