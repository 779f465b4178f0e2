// Grader for notes-postgres: one top-level test per behaviour in instructions.md, in task order.
// Every test creates the notes it needs, so one broken behaviour fails its own tests and not the
// ones after it. Setup requests tolerate mistakes other tests report (e.g. 200 instead of 201)
// and say in their message that they are setup. The database checks (database-checks.mjs) read
// the app's `notes` table through db(); the restart tests use restartServer().
import http from 'node:http'
import t from 'tap'
import {
  anyId,
  closeDatabase,
  describeShape,
  expectBodyMatches,
  expectEmptyBody,
  expectJson,
  expectJsonBody,
  expectStatus,
  expectThat,
  graded,
  kindOf,
  nonEmptyString,
  preview,
  randomHex,
  randomTitle,
  request,
  restartServer,
  targetUrl,
} from '@backlab/grader'
import {
  expectNoteRow,
  expectNotesTable,
  queryNotes,
  reportDatabaseFailure,
} from './database-checks.mjs'

const test = graded(t)
t.teardown(closeDatabase)

const MAX_TITLE_LENGTH = 200
// Ids no note has: a number in the range of a 32-bit integer column, one beyond the range of
// even a 64-bit column (a query with it fails unless the server checks it first), and a word no
// server would give as an id. All must answer 404 (never 500).
const UNKNOWN_IDS = ['999999999', '99999999999999999999', 'no-such-note']
const CONCURRENT_POSTS = 50
// 50 requests at once: each may take longer than the usual 2 s. The test is about distinct ids,
// not speed: a server that opens a connection per request (as the instructions allow) needs
// about 1.5 s for all 50 on a quiet host, and 3-4 times that on a busy one. The instructions
// state this bound (15 seconds).
const CONCURRENT_TIMEOUT_MS = 15000
const CREATING = 'creating a note for this test'

const notePath = id => `/notes/${encodeURIComponent(String(id))}`
const post = json => request({ method: 'POST', path: '/notes', json })
const patch = (id, json) => request({ method: 'PATCH', path: notePath(id), json })
const randomBody = () => `Remember: ${randomTitle().toLowerCase()}.`

/** The note POST /notes creates from `fields`, once the server has given it an id. */
async function createNote(t, fields = {}, note = CREATING) {
  const sent = { title: randomTitle(), body: randomBody(), ...fields }
  const res = await post(sent)
  const created =
    expectStatus(t, res, [201, 200], { note }) &&
    expectJsonBody(t, res, { note }) &&
    expectBodyMatches(t, res, { id: anyId }, { note })
  return created ? { id: res.json.id, title: sent.title, body: sent.body } : undefined
}

// Titles in reverse alphabetical order: only the age of the notes gives the order asked for.
const TITLE_PREFIXES = ['Z', 'M', 'A']
async function createNotesNewestFirstByTitle(t, count) {
  const notes = []
  for (const letter of TITLE_PREFIXES.slice(0, count)) {
    const note = await createNote(t, { title: `${letter}. ${randomTitle()}` })
    if (!note) return undefined
    notes.push(note)
  }
  return notes
}

/** The list from GET /notes, or undefined after failing `t`. */
async function listNotes(t, expected, note) {
  const res = await request({ path: '/notes' })
  const listed =
    expectStatus(t, res, 200, { expected, note }) &&
    expectJsonBody(t, res, { expected, note }) &&
    expectThat(t, res, Array.isArray(res.json), {
      message: `GET /notes returned ${kindOf(res.json)}, expected a JSON array of notes`,
      expected,
    })
  return listed ? res : undefined
}

const indexOfNote = (list, id) => list.findIndex(item => item !== null && typeof item === 'object' && item.id === id)

/** GET /notes lists `notes` in this order (other notes may come between them). */
function expectListedInOrder(t, res, notes, expected) {
  let previous
  for (const note of notes) {
    const index = indexOfNote(res.json, note.id)
    const ok =
      expectThat(t, res, index !== -1, {
        message: `GET /notes returned no note with id ${preview(note.id)}, expected it in the list`,
        expected,
      }) &&
      expectThat(t, res, previous === undefined || index > previous.index, {
        message: `GET /notes listed id ${preview(note.id)} before id ${preview(previous?.id)}, expected oldest first`,
        expected,
      }) &&
      expectBodyMatches(t, res, note, { path: `body[${index}]`, value: res.json[index], expected })
    if (!ok) return false
    previous = { id: note.id, index }
  }
  return true
}

/** GET /notes/:id answers 200 with `note`. */
async function expectNoteServed(t, note, { expected, note: label } = {}) {
  const res = await request({ path: notePath(note.id) })
  expected ??= `status 200 OK and the note:\n${describeShape(note)}`
  return (
    expectStatus(t, res, 200, { expected, note: label }) &&
    expectJsonBody(t, res, { expected, note: label }) &&
    expectBodyMatches(t, res, note, { expected, note: label })
  )
}

function expectError(t, res, status, because) {
  const reason = status === 404 ? 'Not Found' : 'Bad Request'
  const expected = `status ${status} ${reason}, because ${because}, and a JSON body like {"error": "<what is wrong>"}`
  return (
    expectStatus(t, res, status, { expected }) &&
    expectJsonBody(t, res, { expected }) &&
    expectBodyMatches(t, res, { error: nonEmptyString }, { expected })
  )
}

const expectRejected = (t, res, because) => expectError(t, res, 400, because)

/**
 * Passes when no row of the notes table holds any of `bodies`: a rejected request creates
 * nothing. (Only bodies the grader made unique are looked for.)
 */
async function expectNoRowsWith(t, bodies, what) {
  const sql = 'SELECT id::text AS id, body::text AS body FROM notes WHERE body = ANY($1::text[]);'
  const expected = `no row in notes for ${what}: a request answered 400 changes nothing`
  const rows = await queryNotes(t, sql, [bodies], { expected })
  if (!rows) return false
  if (rows.length > 0) {
    return reportDatabaseFailure(t, {
      message: `the notes table has a row (id ${rows[0].id}) for ${what}, expected none: a request answered 400 must change nothing`,
      sql,
      params: [bodies],
      expected,
      actual: rows.map(row => `id ${row.id}, body ${preview(row.body, 200)}`).join('\n'),
    })
  }
  t.pass(`no row for ${what}`)
  return true
}

/**
 * Whether a live process holds the port: GET /notes gets an answer, or at least no error within
 * 1 s. A refused or reset connection (no process, or one that is exiting) is false.
 */
function portIsServed() {
  const target = targetUrl()
  return new Promise(resolve => {
    const req = http.get(
      { host: target.hostname.replace(/^\[(.*)\]$/, '$1'), port: target.port || 80, path: '/notes', agent: false },
      res => {
        res.resume()
        resolve(true)
        req.destroy()
      },
    )
    const timer = setTimeout(() => {
      resolve(true)
      req.destroy()
    }, 1000)
    req.on('error', () => resolve(false))
    req.on('close', () => clearTimeout(timer))
  })
}

/**
 * restartServer(), failing `t` with its reason when the server does not come back. Then waits
 * until a live process serves the port: restartServer() resolves at the first accepted
 * connection, which the old process's listening socket can still take (and reset) as it exits.
 */
async function restart(t) {
  const result = await restartServer()
  const expected = 'your server starts again and answers requests, with its notes table and rows still there'
  if (!result.ok) {
    t.fail(result.reason, { at: null, expected, actual: result.reason })
    return false
  }
  const waitMs = Number(process.env.BACKLAB_READY_TIMEOUT_MS || 5000)
  const started = Date.now()
  while (!(await portIsServed())) {
    if (Date.now() - started > waitMs) {
      const reason = `after the restart your server did not stay up: connections were refused or reset for ${waitMs} ms (see the server log)`
      t.fail(reason, { at: null, expected, actual: reason })
      return false
    }
    await new Promise(resolve => setTimeout(resolve, 25))
  }
  t.pass('the server was restarted')
  return true
}

// 1. Create the notes table at start-up

test('1. The app creates the notes table at start-up', async t => {
  await expectNotesTable(t, { waitMs: 1500 })
})

// 2. Create a note

test('2. POST /notes creates a note and answers 201', async t => {
  const sent = { title: randomTitle(), body: randomBody() }
  const res = await post(sent)
  const expected = `status 201 Created and the new note as JSON:\n${describeShape({ id: anyId, ...sent })}`
  expectStatus(t, res, 201, { expected }) &&
    expectJson(t, res, { expected }) &&
    expectBodyMatches(t, res, { id: anyId, ...sent }, { expected })
})

test('2. POST /notes gives every note its own id', async t => {
  const ids = []
  for (let i = 0; i < 3; i++) {
    const res = await post({ title: randomTitle(), body: randomBody() })
    const ok =
      expectStatus(t, res, [201, 200]) &&
      expectJsonBody(t, res) &&
      expectBodyMatches(t, res, { id: anyId }) &&
      expectThat(t, res, !ids.includes(res.json.id), {
        message: `POST /notes returned id ${preview(res.json.id)} a second time, expected a new id`,
        expected: `an id that no other note has (already taken: ${ids.map(id => preview(id)).join(', ')})`,
        pass: 'the new note has a new id',
      })
    if (!ok) return
    ids.push(res.json.id)
  }
})

test('2. POST /notes without a body gives the note an empty body', async t => {
  const sent = { title: randomTitle() }
  const res = await post(sent)
  const note = { id: anyId, title: sent.title, body: '' }
  const expected = `status 201 Created and the new note, with body "" because the request gave none:\n${describeShape(note)}`
  const ok = expectStatus(t, res, [201, 200], { expected }) && expectJsonBody(t, res, { expected }) && expectBodyMatches(t, res, note, { expected })
  if (!ok) return
  // Reading the note back shows the stored body; whether GET /notes/:id works at all is task 3's
  // rule, and whether the row is stored is the next test's.
  const read = await request({ path: notePath(res.json.id) })
  if (read.status !== 200) return
  expectBodyMatches(t, read, { body: '' }, {
    note: 'reading the note back',
    expected: `the note, with body "" because the POST gave none:\n${describeShape(note)}`,
  })
})

test('2. POST /notes stores the note as a row of the notes table', async t => {
  const note = await createNote(t)
  if (note) await expectNoteRow(t, note, { what: 'the note POST /notes just created' })
})

// 3. List and read notes

test('3. GET /notes lists notes oldest first', async t => {
  const notes = await createNotesNewestFirstByTitle(t, 3)
  if (!notes) return
  const expected = [
    'status 200 OK and a JSON array of all notes, oldest first; it must hold these, in this order:',
    ...notes.map(note => `  ${JSON.stringify(note)}`),
  ].join('\n')
  const res = await listNotes(t, expected)
  if (res) expectListedInOrder(t, res, notes, expected)
})

test('3. GET /notes/:id answers 200 with the note', async t => {
  const note = await createNote(t)
  if (note) await expectNoteServed(t, note)
})

test('3. GET /notes/:id answers 404 for an unknown id', async t => {
  for (const id of UNKNOWN_IDS) {
    const res = await request({ path: notePath(id) })
    if (!expectError(t, res, 404, `no note has id ${id}`)) return
  }
})

test('3. GET /notes and GET /notes/:id read the notes from the database', async t => {
  const note = await createNote(t)
  if (!note) return
  // Changed behind the app's back: an app that answers from a copy in memory shows the old note.
  const changed = { ...note, title: randomTitle(), body: randomBody() }
  const sql = 'UPDATE notes SET title = $1, body = $2 WHERE id::text = $3;'
  const params = [changed.title, changed.body, String(note.id)]
  const expected = `the row of note ${note.id} in the notes table, for the grader to change it`
  const rows = await queryNotes(t, `${sql.slice(0, -1)} RETURNING id;`, params, { expected })
  if (!rows) return
  if (rows.length === 0) {
    reportDatabaseFailure(t, {
      message: `the notes table has no row with id ${note.id}, expected the note POST /notes created to be stored there`,
      sql,
      params,
      expected,
      actual: 'UPDATE 0',
    })
    return
  }
  t.pass('the grader changed the title and body of the row')
  const served = await expectNoteServed(t, changed, {
    expected: `status 200 OK and the note as it is now in the notes table (the grader changed its title and body with UPDATE):\n${describeShape(changed)}`,
  })
  if (!served) return
  const listExpected = `status 200 OK and a JSON array of all notes, with note ${preview(note.id)} as it is now in the notes table (the grader changed its title and body with UPDATE):\n${describeShape(changed)}`
  const res = await listNotes(t, listExpected)
  if (!res) return
  const index = indexOfNote(res.json, note.id)
  expectThat(t, res, index !== -1, {
    message: `GET /notes returned no note with id ${preview(note.id)}, expected it in the list`,
    expected: listExpected,
  }) && expectBodyMatches(t, res, changed, { path: `body[${index}]`, value: res.json[index], expected: listExpected })
})

// 4. Update a note

test('4. PATCH /notes/:id updates only the given fields', async t => {
  const note = await createNote(t)
  if (!note) return
  let current = note
  // The last change empties the body: "" is a body like any other, not "no body given".
  for (const change of [{ body: randomBody() }, { title: randomTitle() }, { body: '' }]) {
    current = { ...current, ...change }
    const res = await patch(note.id, change)
    const expected = `status 200 OK and the whole updated note; fields not in the request keep their values:\n${describeShape(current)}`
    const ok =
      expectStatus(t, res, 200, { expected }) &&
      expectJsonBody(t, res, { expected }) &&
      expectBodyMatches(t, res, current, { expected })
    if (!ok) return
  }
  await expectNoteServed(t, current, {
    expected: `status 200 OK and the note as changed by the PATCH requests before:\n${describeShape(current)}`,
  })
})

test('4. PATCH /notes/:id keeps the note in its place in GET /notes', async t => {
  const notes = await createNotesNewestFirstByTitle(t, 3)
  if (!notes) return
  const change = { body: randomBody() }
  const patched = await patch(notes[0].id, change)
  if (!expectStatus(t, patched, [200, 204], { note: 'changing the oldest of three notes' })) return
  notes[0] = { ...notes[0], ...change }
  const expected = [
    'status 200 OK and a JSON array of all notes, oldest first, whatever was updated since:',
    ...notes.map(note => `  ${JSON.stringify(note)}`),
    'In SQL, rows come back in no particular order unless the query says ORDER BY.',
  ].join('\n')
  const res = await listNotes(t, expected)
  if (res) expectListedInOrder(t, res, notes, expected)
})

test('4. PATCH /notes/:id answers 404 for an unknown id', async t => {
  for (const id of UNKNOWN_IDS) {
    const res = await patch(id, { body: randomBody() })
    if (!expectError(t, res, 404, `no note has id ${id}`)) return
  }
})

// 5. Delete a note

test('5. DELETE /notes/:id answers 204 and removes the note', async t => {
  const note = await createNote(t)
  if (!note) return
  const res = await request({ method: 'DELETE', path: notePath(note.id) })
  const expected = 'status 204 No Content and no body at all'
  if (!(expectStatus(t, res, 204, { expected }) && expectEmptyBody(t, res, { expected }))) return
  expectError(t, await request({ path: notePath(note.id) }), 404, 'the note was deleted')
})

test('5. DELETE /notes/:id answers 404 for an unknown id', async t => {
  for (const id of UNKNOWN_IDS) {
    const res = await request({ method: 'DELETE', path: notePath(id) })
    if (!expectError(t, res, 404, `no note has id ${id}`)) return
  }
})

// 6. Reject bad requests

test('6. POST /notes rejects a missing, blank or too long title with 400', async t => {
  const tooLong = `${randomTitle()} `.padEnd(MAX_TITLE_LENGTH + 1, 'x')
  const cases = [
    [{ body: randomBody() }, 'the body has no title'],
    [{ title: '', body: randomBody() }, 'the title is empty'],
    [{ title: '  \t ', body: randomBody() }, 'the title is only whitespace'],
    [{ title: tooLong, body: randomBody() }, `the title has ${tooLong.length} characters (${MAX_TITLE_LENGTH} at most)`],
  ]
  for (const [json, because] of cases) {
    if (!expectRejected(t, await post(json), because)) return
  }
  await expectNoRowsWith(t, cases.map(([json]) => json.body), 'the notes POST /notes had to reject')
})

test('6. POST /notes accepts a title of 1 and of 200 characters', async t => {
  // The limit counts characters, not bytes: é is one character (two bytes in UTF-8).
  const longest = `${randomTitle()} `.padEnd(MAX_TITLE_LENGTH, 'é')
  for (const [title, what] of [['x', '1 character'], [longest, `${MAX_TITLE_LENGTH} characters`]]) {
    const sent = { title, body: randomBody() }
    const res = await post(sent)
    const expected = `status 201 Created: a title of ${what} is allowed (1 to ${MAX_TITLE_LENGTH} characters), and the new note:\n${describeShape({ id: anyId, ...sent })}`
    const ok = expectStatus(t, res, [201, 200], { expected }) && expectJsonBody(t, res, { expected }) && expectBodyMatches(t, res, { id: anyId, ...sent }, { expected })
    if (!ok) return
  }
})

test('6. POST /notes rejects a title or body that is not a string with 400', async t => {
  const cases = [
    [{ title: 42, body: randomBody() }, 'the title is not a string'],
    [{ title: randomTitle(), body: 42 }, 'the body is not a string'],
    [{ title: randomTitle(), body: ['not', 'a', 'string'] }, 'the body is not a string'],
  ]
  for (const [json, because] of cases) {
    if (!expectRejected(t, await post(json), because)) return
  }
  await expectNoRowsWith(t, cases.map(([json]) => json.body).filter(body => typeof body === 'string'), 'the notes POST /notes had to reject')
})

const NOT_OBJECTS = [
  [() => `{"title": "${randomTitle()}", "body": "unfinished`, 'the body is not valid JSON'],
  [() => JSON.stringify([randomTitle()]), 'the body is a JSON array, not an object'],
  [() => JSON.stringify(randomTitle()), 'the body is a JSON string, not an object'],
  [() => 'null', 'the body is JSON null, not an object'],
]

test('6. POST /notes rejects malformed JSON and bodies that are not objects with 400', async t => {
  for (const [make, because] of NOT_OBJECTS) {
    const res = await request({ method: 'POST', path: '/notes', body: make(), headers: { 'Content-Type': 'application/json' } })
    if (!expectRejected(t, res, because)) return
  }
})

test('6. PATCH /notes/:id rejects an unacceptable body with 400', async t => {
  const note = await createNote(t)
  if (!note) return
  const tooLong = `${randomTitle()} `.padEnd(MAX_TITLE_LENGTH + 1, 'x')
  const cases = [
    [{ title: '   ' }, 'the title is only whitespace'],
    [{ title: '' }, 'the title is empty'],
    [{ title: tooLong }, `the title has ${tooLong.length} characters (${MAX_TITLE_LENGTH} at most)`],
    [{ title: 42 }, 'the title is not a string'],
    [{ body: 42 }, 'the body is not a string'],
    [{ title: randomTitle(), body: ['a'] }, 'the body is not a string'],
  ]
  for (const [json, because] of cases) {
    if (!expectRejected(t, await patch(note.id, json), because)) return
  }
  for (const [make, because] of NOT_OBJECTS) {
    const res = await request({ method: 'PATCH', path: notePath(note.id), body: make(), headers: { 'Content-Type': 'application/json' } })
    if (!expectRejected(t, res, because)) return
  }
  await expectNoteServed(t, note, {
    expected: `status 200 OK and the note unchanged, because the PATCH requests before were rejected:\n${describeShape(note)}`,
  })
})

test('6. Unknown routes answer 404', async t => {
  for (const path of ['/does-not-exist', '/notes-archive', '/notes/1/comments']) {
    if (!expectError(t, await request({ path }), 404, `the API has no ${path} route`)) return
  }
})

// 7. Survive a restart

test('7. Notes survive a restart of the server', async t => {
  const kept = await createNote(t, { title: `Z. ${randomTitle()}` })
  const updated = kept && (await createNote(t, { title: `A. ${randomTitle()}` }))
  const deleted = updated && (await createNote(t))
  if (!deleted) return
  const change = { body: randomBody() }
  if (!expectStatus(t, await patch(updated.id, change), [200, 204], { note: 'changing a note before the restart' })) return
  Object.assign(updated, change)
  const gone = await request({ method: 'DELETE', path: notePath(deleted.id) })
  if (!expectStatus(t, gone, [204, 200], { note: 'deleting a note before the restart' })) return

  if (!(await restart(t))) return

  const before = 'created before the restart'
  const ok =
    (await expectNoteServed(t, kept, {
      note: `a note ${before}`,
      expected: `status 200 OK and the note ${before}: the notes live in the database, not in the server's memory:\n${describeShape(kept)}`,
    })) &&
    (await expectNoteServed(t, updated, {
      note: `a note changed by PATCH before the restart`,
      expected: `status 200 OK and the note as it was changed before the restart:\n${describeShape(updated)}`,
    })) &&
    expectError(
      t,
      await request({ path: notePath(deleted.id) }),
      404,
      `the note was deleted before the restart, so it must still be gone`,
    )
  if (!ok) return
  const expected = `status 200 OK and a JSON array of all notes, still holding the notes ${before}: ids ${preview(kept.id)} and ${preview(updated.id)}`
  const res = await listNotes(t, expected, 'after the restart')
  if (res) expectListedInOrder(t, res, [kept, updated], expected)
})

test('7. POST /notes after a restart gives a new id', async t => {
  const old = await createNote(t)
  if (!old || !(await restart(t))) return
  const sent = { title: randomTitle(), body: randomBody() }
  const res = await post(sent)
  const ok =
    expectStatus(t, res, [201, 200]) &&
    expectJsonBody(t, res) &&
    expectBodyMatches(t, res, { id: anyId, ...sent }) &&
    expectThat(t, res, res.json.id !== old.id, {
      message: `POST /notes returned id ${preview(res.json.id)}, the id of a note created before the restart, expected a new id`,
      expected: `a new id: ${preview(old.id)} belongs to a note created before the restart`,
      pass: 'the new note has a new id',
    })
  if (!ok) return
  await expectNoteServed(t, old, {
    note: 'the note created before the restart',
    expected: `status 200 OK and the note created before the restart, unchanged by the new one:\n${describeShape(old)}`,
  })
})

// 8. Many requests at once, and any text

test('8. 50 concurrent POST /notes create 50 notes with distinct ids', async t => {
  const batch = randomHex(4)
  const sent = Array.from({ length: CONCURRENT_POSTS }, (_, i) => ({
    title: `${randomTitle()} (${i + 1} of ${CONCURRENT_POSTS})`,
    body: `concurrent batch ${batch}`,
  }))
  const responses = await Promise.all(
    sent.map(json => request({ method: 'POST', path: '/notes', json, timeoutMs: CONCURRENT_TIMEOUT_MS })),
  )
  const seen = new Map()
  for (const [i, res] of responses.entries()) {
    const expected = `status 201 Created and the new note, for each of ${CONCURRENT_POSTS} POST /notes sent at the same time`
    const ok =
      expectStatus(t, res, [201, 200], { expected }) &&
      expectJsonBody(t, res, { expected }) &&
      expectBodyMatches(t, res, { id: anyId, ...sent[i] }, { expected }) &&
      expectThat(t, res, !seen.has(res.json.id), {
        message: `POST /notes returned id ${preview(res.json.id)} to two of ${CONCURRENT_POSTS} requests sent at the same time, expected ${CONCURRENT_POSTS} distinct ids`,
        expected: `${CONCURRENT_POSTS} distinct ids; id ${preview(res.json.id)} was also given to the note titled ${preview(seen.get(res.json.id))}`,
        pass: 'a new id',
      })
    if (!ok) return
    seen.set(res.json.id, sent[i].title)
  }
  const sql = 'SELECT count(*)::int AS rows, count(DISTINCT id)::int AS ids FROM notes WHERE body = $1;'
  const params = [`concurrent batch ${batch}`]
  const expected = `${CONCURRENT_POSTS} rows with ${CONCURRENT_POSTS} distinct ids in the notes table, one per note created`
  const rows = await queryNotes(t, sql, params, { expected })
  if (!rows) return
  const [{ rows: count, ids }] = rows
  if (count !== CONCURRENT_POSTS || ids !== CONCURRENT_POSTS) {
    reportDatabaseFailure(t, {
      message: `the notes table has ${count} rows (${ids} distinct ids) for the ${CONCURRENT_POSTS} notes created at the same time, expected ${CONCURRENT_POSTS}`,
      sql,
      params,
      expected,
      actual: `rows = ${count}, ids = ${ids}`,
    })
    return
  }
  t.pass(`the notes table has ${CONCURRENT_POSTS} rows`)
})

// Quotes break SQL built by pasting text into it; %s, $1 and ? are placeholders in some drivers.
const AWKWARD_TEXTS = [
  "Robert'); DROP TABLE notes;--",
  'It\'s "quoted", `backticked` and \'single\'',
  String.raw`back\slash \\ \' \" \n \t \x41 \u0042`,
  "100% off _all_ %_ LIKE '%' %s %(title)s $1 $$ ? :title",
  'naïve café — 日本語 🎉 Ωμέγα',
  'line one\nline two\ttabbed\r\nline three',
]
// Spaces around a title or body are part of it: stored and returned as sent, not trimmed.
const PADDED = () => ({ title: `  ${randomHex()} spaced out  `, body: `\n  ${randomHex()} indented\t\n` })

test('8. Quotes, backslashes and SQL in a note come back as sent', async t => {
  const notes = []
  const texts = [...AWKWARD_TEXTS.map(text => ({ title: `${text.split('\n')[0]} ${randomHex()}`, body: `${text} ${randomHex()}` })), PADDED()]
  for (const sent of texts) {
    const res = await post(sent)
    const expected = `status 201 Created and the note with its title and body exactly as sent:\n${describeShape({ id: anyId, ...sent })}`
    const ok =
      expectStatus(t, res, [201, 200], { expected }) &&
      expectJsonBody(t, res, { expected }) &&
      expectBodyMatches(t, res, { id: anyId, ...sent }, { expected })
    if (!ok) return
    const note = { id: res.json.id, ...sent }
    if (!(await expectNoteServed(t, note, { expected: `status 200 OK and the note exactly as it was sent:\n${describeShape(note)}` }))) return
    notes.push(note)
  }
  // The same texts through UPDATE: the first note gets the second note's title and the first's body.
  const change = { title: notes[1].title, body: notes[0].body.replace(/ \w+$/, ` ${randomHex()}`) }
  const res = await patch(notes[0].id, change)
  const current = { ...notes[0], ...change }
  const expected = `status 200 OK and the note with the title and body exactly as sent:\n${describeShape(current)}`
  const ok = expectStatus(t, res, 200, { expected }) && expectJsonBody(t, res, { expected }) && expectBodyMatches(t, res, current, { expected })
  if (ok) await expectNoteServed(t, current, { expected: `status 200 OK and the note as changed by the PATCH before:\n${describeShape(current)}` })
})
