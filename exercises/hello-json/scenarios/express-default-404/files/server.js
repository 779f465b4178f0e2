import express from 'express'

const app = express()

function greet(res, name) {
  if (name.length === 0 || [...name].length > 50) {
    return res.status(400).json({ error: 'name must be 1 to 50 characters long' })
  }
  res.json({ message: `Hello, ${name}!` })
}

app.get('/health', (req, res) => res.json({ status: 'ok' }))

app.get('/hello', (req, res) => {
  const { name } = req.query
  if (name === undefined) return res.json({ message: 'Hello, world!' })
  greet(res, String(name))
})

app.get('/hello/:name', (req, res) => greet(res, req.params.name))

// Bug: no catch-all handler, so Express answers unknown routes (and wrong methods)
// with its own HTML page: "Cannot GET /does-not-exist".

app.listen(Number(process.env.PORT) || 3000)
