import http from 'node:http'
import fs from 'node:fs'

const books = JSON.parse(fs.readFileSync(new URL('./books.json', import.meta.url)))
const SORTABLE = new Set(['title', 'author', 'year'])

function reply(res, status, data) {
  const body = JSON.stringify(data)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
  res.end(body)
}

class ParamError extends Error {}

function wholeNumber(params, key, fallback) {
  if (!params.has(key)) return fallback
  const text = params.get(key)
  const n = Number(text)
  if (text.trim() === '' || !Number.isInteger(n) || /[.eE]/.test(text)) throw new ParamError(`${key} must be an integer, not "${text}"`)
  return n
}

function listBooks(params) {
  const limit = wholeNumber(params, 'limit', 10)
  if (limit < 1 || limit > 50) throw new ParamError(`limit must be between 1 and 50 (got ${limit})`)
  const offset = wholeNumber(params, 'offset', 0)
  if (offset < 0) throw new ParamError(`offset cannot be negative (got ${offset})`)
  const from = wholeNumber(params, 'year_from', null)
  const to = wholeNumber(params, 'year_to', null)
  let sortKey = null
  let sign = 1
  if (params.has('sort')) {
    const raw = params.get('sort')
    sortKey = raw.replace(/^-/, '')
    sign = raw.startsWith('-') ? -1 : 1
    if (!SORTABLE.has(sortKey)) throw new ParamError(`cannot sort by "${raw}": sort takes title, author or year`)
  }
  const author = params.get('author')
  const genre = params.get('genre')
  const selected = books.filter(b =>
    (author === null || b.author === author) &&
    (genre === null || b.genre === genre) &&
    (from === null || b.year >= from) &&
    (to === null || b.year <= to))
  selected.sort((a, b) => {
    if (sortKey !== null && a[sortKey] !== b[sortKey]) return a[sortKey] < b[sortKey] ? -sign : sign
    return a.id - b.id
  })
  return { items: selected.slice(offset, offset + limit), total: selected.length, limit, offset }
}

http.createServer((req, res) => {
  const url = new URL(req.url, 'http://books.local')
  const parts = url.pathname.split('/').filter(Boolean)
  if (req.method === 'GET' && url.pathname === '/books') {
    try {
      return reply(res, 200, listBooks(url.searchParams))
    } catch (err) {
      if (err instanceof ParamError) return reply(res, 400, { error: err.message })
      throw err
    }
  }
  if (req.method === 'GET' && parts.length === 2 && parts[0] === 'books' && url.pathname.endsWith(parts[1])) {
    const book = books.find(b => b.id === Number(parts[1]) && /^\d+$/.test(parts[1]))
    return book ? reply(res, 200, book) : reply(res, 404, { error: `book ${parts[1]} not found` })
  }
  reply(res, 404, { error: `no such route: ${req.method} ${url.pathname}` })
}).listen(process.env.PORT)
