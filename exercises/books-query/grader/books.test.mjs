// Grader for books-query: one top-level test per behaviour in instructions.md, in task order.
// The API is read-only over the seed in books.json (this folder holds the same file as the
// starters), so every test computes what the server must answer from that file: expected
// pages are never written out by hand, and no test depends on another.
import { randomInt } from 'node:crypto'
import { readFileSync } from 'node:fs'
import t from 'tap'
import {
  describeShape,
  expectBodyMatches,
  expectJson,
  expectJsonBody,
  expectStatus,
  expectThat,
  graded,
  matcher,
  nonEmptyString,
  preview,
  request,
  requestLabel,
} from '@backlab/grader'

const test = graded(t)

const BOOKS = JSON.parse(readFileSync(new URL('./books.json', import.meta.url), 'utf8'))
const BY_ID = new Map(BOOKS.map(book => [book.id, book]))
const DEFAULT_LIMIT = 10
const MAX_LIMIT = 50
// Numeric, so servers that parse ids as numbers say 404 rather than rejecting the format.
const UNKNOWN_IDS = [0, Math.max(...BOOKS.map(book => book.id)) + 1, 999999]
const MAX_IDS_SHOWN = 10

// ---------------------------------------------------------------------------------------------
// What the server must answer, computed from books.json

const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0)

/** The books a query matches, in the order the instructions require (ties by id, ascending). */
function matching({ author, genre, year_from: yearFrom, year_to: yearTo, sort } = {}) {
  const found = BOOKS.filter(
    book =>
      (author === undefined || book.author === author) &&
      (genre === undefined || book.genre === genre) &&
      (yearFrom === undefined || book.year >= Number(yearFrom)) &&
      (yearTo === undefined || book.year <= Number(yearTo)),
  )
  const descending = sort?.startsWith('-') ?? false
  const field = sort?.replace(/^-/, '')
  return found.sort((a, b) => (field ? (descending ? -1 : 1) * compare(a[field], b[field]) : 0) || a.id - b.id)
}

/** The page the server must answer for `params` (strings, as they are sent). */
function expectedPage(params) {
  const limit = params.limit === undefined ? DEFAULT_LIMIT : Number(params.limit)
  const offset = params.offset === undefined ? 0 : Number(params.offset)
  const all = matching(params)
  return { ids: all.slice(offset, offset + limit).map(book => book.id), total: all.length, limit, offset }
}

/** `/books?genre=science%20fiction&limit=5`: values percent-encoded, spaces as %20. */
function booksPath(params = {}) {
  const query = Object.entries(params)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&')
  return query ? `/books?${query}` : '/books'
}

const bookPath = id => `/books/${encodeURIComponent(String(id))}`

// ---------------------------------------------------------------------------------------------
// Checks

/** `[1, 2, 3, …]`, or from index `from` on: `[…, 7, 8, …]`. */
function idList(ids, from = 0) {
  // No "…" standing for one or two ids: show them.
  const end = ids.length - from <= MAX_IDS_SHOWN + 2 ? ids.length : from + MAX_IDS_SHOWN
  const shown = ids.slice(from, end).map(id => preview(id, 20))
  return `[${from > 0 ? '…, ' : ''}${shown.join(', ')}${end < ids.length ? ', …' : ''}]`
}

function firstDifference(got, want) {
  const length = Math.min(got.length, want.length)
  for (let i = 0; i < length; i++) if (!Object.is(got[i], want[i])) return i
  return length
}

function describePage({ ids, total, limit, offset }, why) {
  const lines = [
    'status 200 OK and a JSON object with (other fields are fine):',
    `  items: ${ids.length === 0 ? 'an empty array' : `the books with ids [${ids.join(', ')}], in this order`}`,
    `  total: ${total}`,
    `  limit: ${limit}`,
    `  offset: ${offset}`,
  ]
  if (why) lines.push(`That is: ${why}.`)
  return lines.join('\n')
}

/** When the first wrong book ties with the right one on the sort field, say how ties go. */
function tieHint(params, gotId, wantId) {
  const field = params.sort?.replace(/^-/, '')
  const [got, want] = [BY_ID.get(gotId), BY_ID.get(wantId)]
  if (!field || !got || !want || got === want || got[field] !== want[field]) return ''
  return `: ids ${gotId} and ${wantId} have the same ${field}, so the smaller id comes first`
}

/**
 * GET /books with `params` answers exactly the page computed from books.json: the right
 * books (each with every field of books.json) in the right order, then total, limit and offset.
 */
async function expectPage(t, params, why) {
  const want = expectedPage(params)
  const res = await request({ path: booksPath(params) })
  const expected = describePage(want, why)
  const label = requestLabel(res.request)
  const ok =
    expectStatus(t, res, 200, { expected }) &&
    expectJsonBody(t, res, { expected }) &&
    expectBodyMatches(t, res, { items: matcher('a JSON array of books', Array.isArray) }, { expected })
  if (!ok) return false

  const items = res.json.items
  const got = items.map(item => (item !== null && typeof item === 'object' ? item.id : item))
  const at = firstDifference(got, want.ids)
  // Show the lists from a little before the first difference, or from the start when it is near.
  const longest = Math.max(got.length, want.ids.length)
  const from = at < MAX_IDS_SHOWN - 1 || longest <= MAX_IDS_SHOWN + 2 ? 0 : at - 2
  const sizes = got.length === want.ids.length ? '' : ` (${got.length} books instead of ${want.ids.length})`
  const sameIds = at === got.length && at === want.ids.length
  const message = `${label} returned the books with ids ${idList(got, from)}, expected ${idList(want.ids, from)}${sizes}${tieHint(params, got[at], want.ids[at])}`
  const sameBooks =
    expectThat(t, res, sameIds, {
      message,
      expected,
      pass: `${label} answered the expected books in the expected order`,
    }) && items.every((item, i) => expectBodyMatches(t, res, BY_ID.get(want.ids[i]), { path: `body.items[${i}]`, value: item, expected }))
  return (
    sameBooks &&
    expectBodyMatches(t, res, { total: want.total, limit: want.limit, offset: want.offset }, { expected })
  )
}

/** Several pages, stopping at the first one that is wrong. */
async function expectPages(t, list) {
  for (const [params, why] of list) if (!(await expectPage(t, params, why))) return false
  return true
}

/** 400 with a JSON body whose `error` contains the name of the parameter. */
async function expectNamedError(t, params, name, because) {
  const res = await request({ path: booksPath(params) })
  const expected = `status 400 Bad Request, because ${because}, and a JSON body like {"error": "…"} whose error names the parameter: ${name}`
  return (
    expectStatus(t, res, 400, { expected }) &&
    expectJsonBody(t, res, { expected }) &&
    expectBodyMatches(
      t,
      res,
      { error: matcher(`a message that contains "${name}"`, value => typeof value === 'string' && value.toLowerCase().includes(name)) },
      { expected },
    )
  )
}

async function expectNamedErrors(t, list) {
  for (const [params, name, because] of list) if (!(await expectNamedError(t, params, name, because))) return false
  return true
}

/** `status`, then a JSON body with a non-empty `error` (Content-Type is checked in task 5). */
function expectError(t, res, status, expected, { contentType = false } = {}) {
  return (
    expectStatus(t, res, status, { expected }) &&
    (contentType ? expectJson(t, res, { expected }) : expectJsonBody(t, res, { expected })) &&
    expectBodyMatches(t, res, { error: nonEmptyString }, { expected })
  )
}

// ---------------------------------------------------------------------------------------------
// 1. List the books, a page at a time

test('1. GET /books answers the first 10 books with total, limit and offset', async t => {
  await expectPage(t, {}, 'the first page, books in id order (limit is 10 and offset 0 when the request gives none)')
})

test('1. GET /books with limit and offset answers that page', async t => {
  const last = BOOKS.length
  await expectPages(t, [
    [{ limit: '5', offset: '10' }, 'the 5 books after the first 10'],
    [{ offset: String(last - 3), limit: '4' }, 'the last page, with only the 3 books that are left'],
    [{ limit: '1', offset: '0' }, 'a page of one book (1 is the smallest limit allowed), skipping none (offset 0 given explicitly)'],
  ])
})

test('1. GET /books with an offset past the end answers an empty page', async t => {
  await expectPages(t, [
    [{ offset: String(BOOKS.length) }, 'no book is left after skipping all of them, but total still counts them'],
    [{ offset: '1000' }, 'an offset past the end is not an error'],
  ])
})

test('1. GET /books?limit=50 answers every book', async t => {
  await expectPage(t, { limit: String(MAX_LIMIT) }, `${MAX_LIMIT} is the largest limit allowed`)
})

test('1. GET /books rejects a limit below 1 or above 50 with 400 naming the parameter', async t => {
  await expectNamedErrors(t, [
    [{ limit: '0' }, 'limit', 'limit must be 1 to 50'],
    [{ limit: String(MAX_LIMIT + 1) }, 'limit', 'limit must be 1 to 50'],
  ])
})

test('1. GET /books rejects a negative offset with 400 naming the parameter', async t => {
  await expectNamedError(t, { offset: '-1' }, 'offset', 'offset must be 0 or more')
})

test('1. GET /books rejects a limit or offset that is not an integer with 400 naming the parameter', async t => {
  await expectNamedErrors(t, [
    [{ limit: 'abc' }, 'limit', 'limit is not a whole number'],
    [{ limit: '2.5' }, 'limit', 'limit is not a whole number'],
    [{ offset: 'abc' }, 'offset', 'offset is not a whole number'],
    [{ offset: '1.5' }, 'offset', 'offset is not a whole number'],
  ])
})

// 2. Read one book

test('2. GET /books/:id answers 200 with the book', async t => {
  const book = BOOKS[randomInt(BOOKS.length)]
  const res = await request({ path: bookPath(book.id) })
  const expected = `status 200 OK and the book with id ${book.id}, as in books.json:\n${describeShape(book)}`
  expectStatus(t, res, 200, { expected }) && expectJsonBody(t, res, { expected }) && expectBodyMatches(t, res, book, { expected })
})

test('2. GET /books/:id answers 404 with a JSON error for an unknown id', async t => {
  for (const id of UNKNOWN_IDS) {
    const expected = `status 404 Not Found: no book has id ${id}; a JSON body like {"error": "no book with id ${id}"}`
    if (!expectError(t, await request({ path: bookPath(id) }), 404, expected)) return
  }
})

// 3. Filter

test('3. GET /books filters by author', async t => {
  await expectPages(t, [
    [{ author: 'Ursula K. Le Guin' }, 'only the books whose author is exactly Ursula K. Le Guin'],
    [{ author: 'Charlotte Brontë' }, 'only the books whose author is exactly Charlotte Brontë (sent as UTF-8, percent-encoded)'],
    [{ author: 'Le Guin' }, 'no book: the author must be exactly this text, and "Le Guin" is only part of "Ursula K. Le Guin"'],
  ])
})

test('3. GET /books filters by genre', async t => {
  await expectPages(t, [
    [{ genre: 'fantasy' }, 'only the fantasy books'],
    [{ genre: 'science fiction', limit: String(MAX_LIMIT) }, 'only the science fiction books'],
    [{ genre: 'fiction' }, 'no book: the genre must be exactly this text, and "fiction" is only part of "science fiction"'],
  ])
})

test('3. GET /books filters by a year range, both bounds included', async t => {
  await expectPages(t, [
    [{ year_from: '1950', year_to: '1954' }, 'the books from 1950 to 1954, both years included'],
    [{ year_from: '1989' }, 'the books from 1989 on, 1989 included'],
    [{ year_to: '1851' }, 'the books up to 1851, 1851 included'],
    [{ year_from: '800', year_to: '1813' }, 'the books from the year 800 to 1813: years compare as numbers, so 800 is before 1813 (as text, "800" comes after "1813")'],
  ])
})

test('3. GET /books combines filters', async t => {
  await expectPages(t, [
    [{ author: 'Ursula K. Le Guin', genre: 'fantasy' }, 'only the books that match both filters'],
    [{ genre: 'science fiction', year_from: '1960', year_to: '1989' }, 'only the books that match all three filters'],
  ])
})

test('3. GET /books counts every match in total, not only the page', async t => {
  await expectPage(t, { genre: 'science fiction', limit: '5', offset: '5' }, 'total counts every science fiction book, not only the 5 on this page')
})

test('3. GET /books answers an empty list when nothing matches', async t => {
  await expectPages(t, [
    [{ author: 'Nobody At All' }, 'no book has this author: an empty list is not an error'],
    [{ year_from: '2050' }, 'no book is that recent'],
  ])
})

test('3. GET /books rejects a year_from or year_to that is not an integer with 400 naming the parameter', async t => {
  await expectNamedErrors(t, [
    [{ year_from: 'abc' }, 'year_from', 'year_from is not a whole number'],
    [{ year_to: '1990.5' }, 'year_to', 'year_to is not a whole number'],
    [{ year_from: '1990.5' }, 'year_from', 'year_from is not a whole number'],
    [{ year_to: 'abc' }, 'year_to', 'year_to is not a whole number'],
  ])
})

// 4. Sort

test('4. GET /books sorts by title, ascending and descending', async t => {
  await expectPages(t, [
    [{ sort: 'title', limit: String(MAX_LIMIT) }, 'every book, by title from A to Z'],
    [{ sort: '-title', limit: String(MAX_LIMIT) }, 'every book, by title from Z to A'],
  ])
})

test('4. GET /books sorts by year, ties by id', async t => {
  await expectPage(t, { sort: 'year', limit: String(MAX_LIMIT) }, 'every book, oldest first; books of the same year by id, ascending')
})

test('4. GET /books sorts by year descending, ties still by id ascending', async t => {
  await expectPage(t, { sort: '-year', limit: String(MAX_LIMIT) }, 'every book, newest first; books of the same year still by id, ascending')
})

test('4. GET /books sorts by author, ties by id', async t => {
  await expectPage(t, { sort: 'author', limit: String(MAX_LIMIT) }, 'every book, by author from A to Z; books of the same author by id, ascending')
})

test('4. GET /books sorts by author descending, ties still by id ascending', async t => {
  await expectPage(t, { sort: '-author', limit: String(MAX_LIMIT) }, 'every book, by author from Z to A; books of the same author still by id, ascending')
})

test('4. GET /books sorts before it paginates', async t => {
  await expectPages(t, [
    [{ sort: 'year', limit: '5', offset: '5' }, 'books 6 to 10 of the whole list sorted by year, not the page sorted'],
    [{ genre: 'mystery', sort: '-title', limit: '3', offset: '2' }, 'books 3 to 5 of the mystery books sorted by title, Z to A'],
  ])
})

test('4. GET /books rejects a sort field other than title, year or author with 400 naming the parameter', async t => {
  await expectNamedErrors(t, [
    [{ sort: 'price' }, 'sort', 'books cannot be sorted by price (only title, year or author)'],
    [{ sort: 'genre' }, 'sort', 'books cannot be sorted by genre (only title, year or author)'],
    [{ sort: '-id' }, 'sort', 'books cannot be sorted by id (only title, year or author)'],
    [{ sort: 'id' }, 'sort', 'books cannot be sorted by id (only title, year or author; without sort they come by id)'],
  ])
})

// 5. Errors and headers

test('5. Unknown routes answer 404 with a JSON error', async t => {
  for (const path of ['/does-not-exist', '/authors', `${bookPath(BOOKS[0].id)}/reviews`]) {
    const expected = `status 404 Not Found: there is no ${path} route; Content-Type: application/json and a body like {"error": "not found"}`
    if (!expectError(t, await request({ path }), 404, expected, { contentType: true })) return
  }
})

test('5. JSON responses carry Content-Type: application/json', async t => {
  const checks = [
    [booksPath(), 'status 200 OK'],
    [bookPath(BOOKS[randomInt(BOOKS.length)].id), 'status 200 OK'],
    [booksPath({ limit: '0' }), 'status 400 Bad Request'],
    [bookPath(UNKNOWN_IDS[2]), 'status 404 Not Found'],
  ]
  for (const [path, status] of checks) {
    const res = await request({ path })
    const expected = `${status}, Content-Type: application/json and a JSON body`
    // A 501 from the starter is JSON too, but says nothing about the learner's responses.
    const ok =
      expectThat(t, res, res.error !== undefined || res.status < 500, {
        message: `GET ${path} returned ${res.status}, expected the route to work (this test checks the headers of its answer)`,
        expected,
        pass: `GET ${path} answered ${res.status}`,
      }) && expectJson(t, res, { expected })
    if (!ok) return
  }
})
