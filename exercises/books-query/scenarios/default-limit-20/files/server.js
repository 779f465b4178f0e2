// Scenario: Express: the default page size is 20 instead of 10.
// Books: paginate, filter and sort. Reference solution with Express.
import { readFileSync } from 'node:fs'
import express from 'express'

// Read once at start-up; the API never changes them. books.json is already in id order.
const books = JSON.parse(readFileSync(new URL('./books.json', import.meta.url), 'utf8'))

const DEFAULT_LIMIT = 20
const MAX_LIMIT = 50
const SORT_FIELDS = ['title', 'year', 'author']

/** A 400 that names the query parameter at fault. */
class BadParameter extends Error {}

/**
 * The integer in query parameter `name`, or `fallback` when it is absent. Query values are
 * strings ("10"), and a repeated parameter (?limit=1&limit=2) is an array: both are checked here.
 */
function integerParam(query, name, { fallback, min = -Infinity, max = Infinity }) {
  const raw = query[name]
  if (raw === undefined) return fallback
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw)) {
    throw new BadParameter(`${name} must be a whole number, got ${JSON.stringify(raw)}`)
  }
  const value = Number(raw)
  if (value < min || value > max) {
    const range = max === Infinity ? `${min} or more` : `from ${min} to ${max}`
    throw new BadParameter(`${name} must be ${range}, got ${value}`)
  }
  return value
}

function textParam(query, name) {
  const raw = query[name]
  if (raw !== undefined && typeof raw !== 'string') throw new BadParameter(`${name} must be given once`)
  return raw
}

/** "year" → ascending by year; "-year" → descending. Ties are always broken by id, ascending. */
function sortParam(query) {
  const raw = textParam(query, 'sort')
  if (raw === undefined) return undefined
  const descending = raw.startsWith('-')
  const field = descending ? raw.slice(1) : raw
  if (!SORT_FIELDS.includes(field)) {
    throw new BadParameter(`sort must be one of ${SORT_FIELDS.join(', ')} (with an optional - in front), got ${JSON.stringify(raw)}`)
  }
  return { field, direction: descending ? -1 : 1 }
}

const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0)

const app = express()

app.get('/books', (req, res) => {
  // Parse and check everything first, so a bad parameter never half-runs the query.
  const limit = integerParam(req.query, 'limit', { fallback: DEFAULT_LIMIT, min: 1, max: MAX_LIMIT })
  const offset = integerParam(req.query, 'offset', { fallback: 0, min: 0 })
  const yearFrom = integerParam(req.query, 'year_from', {})
  const yearTo = integerParam(req.query, 'year_to', {})
  const author = textParam(req.query, 'author')
  const genre = textParam(req.query, 'genre')
  const sort = sortParam(req.query)

  const matches = books.filter(
    book =>
      (author === undefined || book.author === author) &&
      (genre === undefined || book.genre === genre) &&
      (yearFrom === undefined || book.year >= yearFrom) &&
      (yearTo === undefined || book.year <= yearTo),
  )
  // filter() made a new array, so sorting it leaves `books` alone. Sort first, then cut the page.
  if (sort) {
    matches.sort((a, b) => sort.direction * compare(a[sort.field], b[sort.field]) || a.id - b.id)
  }
  res.json({ items: matches.slice(offset, offset + limit), total: matches.length, limit, offset })
})

app.get('/books/:id', (req, res) => {
  const book = books.find(candidate => String(candidate.id) === req.params.id)
  if (!book) return res.status(404).json({ error: `no book with id ${req.params.id}` })
  res.json(book)
})

// After every route: what no route answered is unknown.
app.use((req, res) => {
  res.status(404).json({ error: `no route for ${req.method} ${req.path}` })
})

// Error handlers take four arguments. Express 5 also catches errors thrown by async handlers.
app.use((error, req, res, next) => {
  if (error instanceof BadParameter) return res.status(400).json({ error: error.message })
  console.error(error)
  res.status(500).json({ error: 'internal server error' })
})

// No host argument: the server then accepts connections on every interface.
const port = Number(process.env.PORT) || 3000
app.listen(port, () => console.log(`books API listening on port ${port}`))
