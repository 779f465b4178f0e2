// Scenario: Express: treats an empty name like a missing one (if (!name)), so /hello?name= greets the world instead of answering 400.
const express = require('express')

const app = express()
const LIMIT = 50

function hello(res, name) {
  const size = Array.from(name).length
  if (size < 1 || size > LIMIT) {
    return res.status(400).json({ error: `the name parameter must have 1 to ${LIMIT} characters, it has ${size}` })
  }
  res.json({ message: `Hello, ${name}!` })
}

const onlyGet = (req, res) => res.status(405).set('Allow', 'GET').json({ error: `${req.method} not allowed here` })

app.get('/health', (req, res) => res.json({ status: 'ok' }))
app.all('/health', onlyGet)

app.get('/hello', (req, res) => {
  const { name } = req.query
  if (!name) return res.json({ message: 'Hello, world!' })
  hello(res, String(name))
})
app.all('/hello', onlyGet)

app.get('/hello/:name', (req, res) => hello(res, req.params.name))
app.all('/hello/:name', onlyGet)

app.use((req, res) => res.status(404).json({ error: `cannot ${req.method} ${req.path}` }))

app.listen(process.env.PORT)
