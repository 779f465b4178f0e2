// Books: paginate, filter and sort. Run it with: PORT=3000 node server.js
// (on your machine, run `npm install` once first: it installs Express from package.json).
// Read instructions.md for what each route must do; the grader checks them one by one.
import { readFileSync } from 'node:fs'
import express from 'express'

// The 40 books, in id order. Do not edit books.json: the grader has its own copy.
const books = JSON.parse(readFileSync(new URL('./books.json', import.meta.url), 'utf8'))
console.log(`loaded ${books.length} books`)

const app = express()

function notImplemented(req, res) {
  res.status(501).json({ error: `${req.method} ${req.originalUrl} is not implemented yet` })
}

app.get('/books', (req, res) => {
  // Tasks 1, 3 and 4: req.query holds the query parameters, as strings ("10", not 10).
  // Check them, filter, sort, then answer one page: { items, total, limit, offset }.
  notImplemented(req, res)
})

app.get('/books/:id', (req, res) => {
  // Task 2: req.params.id is a string too ("7"); answer the book, or 404.
  notImplemented(req, res)
})

// Task 5: after every route, what no route answered is unknown.
app.use((req, res) => {
  res.status(404).json({ error: `no route for ${req.method} ${req.path}` })
})

// No host argument: the server then accepts connections on every interface, 127.0.0.1 included.
const port = Number(process.env.PORT) || 3000
app.listen(port, () => console.log(`books API listening on port ${port}`))
