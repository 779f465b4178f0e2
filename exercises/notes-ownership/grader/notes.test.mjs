// Grader for notes-ownership: one top-level test per behaviour in instructions.md, in task order.
// The users and their tokens are fixed (users.json, the same file the learner got). Every test
// creates the notes it needs, with random titles and bodies, so one broken behaviour fails its own
// tests and not the ones after it. Setup requests tolerate mistakes other tests report (200
// instead of 201, …) and say in their message that they are setup.
//
// The rule for another user's note is 404, exactly (the instructions pick it over 403), and a
// response about a note the caller may not see must never hold its title or body.
import { readFileSync } from 'node:fs'
import t from 'tap'
import {
  anyId,
  describeShape,
  expectBodyMatches,
  expectEmptyBody,
  expectJsonBody,
  expectStatus,
  expectThat,
  graded,
  kindOf,
  nonEmptyString,
  preview,
  randomHex,
  randomTitle,
  reportFailure,
  request,
  requestLabel,
  statusWithReason,
} from '@backlab/grader'

const test = graded(t)

const USERS = JSON.parse(readFileSync(new URL('./users.json', import.meta.url), 'utf8'))
const userNamed = username => {
  const user = USERS.find(u => u.username === username)
  if (!user) throw new Error(`users.json has no user ${username}`)
  return user
}
const alice = userNamed('alice')
const bob = userNamed('bob')
const carol = userNamed('carol')

// Numeric, so servers with number ids say 404 rather than rejecting its format; large enough
// that no run creates that many notes.
const UNKNOWN_ID = '999999999'
const CREATING = 'creating a note for this test'

const notePath = id => `/notes/${encodeURIComponent(String(id))}`
const randomBody = () => `Secret plan ${randomHex(6)}`

/**
 * Sends a request as `user` (or with `headers` only, when user is null). The response remembers
 * who sent it, so every message names the caller: `GET /notes/3 (as bob) returned 200, …`.
 */
async function send(user, options, purpose) {
  const headers = user ? { Authorization: `Bearer ${user.token}`, ...options.headers } : { ...options.headers }
  const res = await request({ ...options, headers })
  const who = user ? `as ${user.username}` : options.who
  res.note = [who, purpose].filter(Boolean).join(', ') || undefined
  return res
}

const label = res => requestLabel(res.request, res.note)
const status = (t, res, wanted, options = {}) => expectStatus(t, res, wanted, { note: res.note, ...options })
const jsonBody = (t, res, options = {}) => expectJsonBody(t, res, { note: res.note, ...options })
const matches = (t, res, shape, options = {}) => expectBodyMatches(t, res, shape, { note: res.note, ...options })
const isArray = (t, res, expected) =>
  expectThat(t, res, Array.isArray(res.json), {
    message: `${label(res)} returned ${kindOf(res.json)}, expected a JSON array of notes`,
    expected,
  })

/** The note the instructions say POST creates, once the server has given it an id. */
async function createNote(t, user, fields = {}) {
  const sent = { title: randomTitle(), body: randomBody(), ...fields }
  const res = await send(user, { method: 'POST', path: '/notes', json: sent }, CREATING)
  const created =
    status(t, res, [201, 200]) && jsonBody(t, res) && matches(t, res, { id: anyId })
  return created ? { id: res.json.id, title: sent.title, body: sent.body, ownerId: user.id } : undefined
}

/** Like createNote, without failing the test: for a test that can do without the note. */
async function tryCreateNote(user) {
  const sent = { title: randomTitle(), body: randomBody() }
  const res = await send(user, { method: 'POST', path: '/notes', json: sent })
  const id = res.json?.id
  const isId = (typeof id === 'number' && Number.isFinite(id)) || (typeof id === 'string' && id !== '')
  return [200, 201].includes(res.status) && isId ? { id, ...sent, ownerId: user.id } : undefined
}

const noteShape = note => ({ id: note.id, title: note.title, body: note.body, ownerId: note.ownerId })

/** The response holds nothing of `note`: neither its title nor its body. */
function expectNoContent(t, res, note, expected) {
  const leaked = ['title', 'body'].filter(field => res.text.includes(note[field]))
  const owner = USERS.find(user => user.id === note.ownerId)?.username ?? 'another user'
  return expectThat(t, res, leaked.length === 0, {
    message: `${label(res)} returned the ${leaked.join(' and ')} of ${owner}'s note, expected nothing of a note the caller may not see`,
    expected,
    pass: 'the response shows nothing of the note',
  })
}

/** An error answer: this status and a JSON body like {"error": "…"}. */
function expectError(t, res, wanted, because) {
  const expected = `status ${statusWithReason(wanted)}, because ${because}, and a JSON body like {"error": "<what is wrong>"}`
  return (
    status(t, res, wanted, { expected }) &&
    jsonBody(t, res, { expected }) &&
    matches(t, res, { error: nonEmptyString }, { expected })
  )
}

const findIn = (list, id) => list.find(item => item !== null && typeof item === 'object' && item.id === id)

/** The answer about another user's note: nothing of it, then exactly 404. */
function expectHidden(t, res, note, owner) {
  const expected = `status 404 Not Found, exactly as for a note that does not exist: note ${preview(note.id)} belongs to ${owner.username}, and the response must not show its title or body`
  return expectNoContent(t, res, note, expected) && status(t, res, 404, { expected })
}

/** The text of a response with every mention of `id` replaced, to compare answers about two ids. */
function withoutId(text, id) {
  const escaped = String(id).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return text.replace(new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`, 'g'), '<id>')
}

/**
 * `res` (about another user's note) and the same request for an id no note has get the same
 * answer, once the ids are left out: a different status or message tells the caller the note
 * exists. Passes without judging when the unknown id does not answer 404 (task 3 reports that).
 */
async function expectSameAsUnknown(t, res, user, note) {
  const { method, json } = res.request
  const unknown = await send(user, { method, path: notePath(UNKNOWN_ID), json }, 'the same request for an id no note has')
  if (unknown.status !== 404) {
    t.pass('the answer for an unknown id is checked in task 3')
    return true
  }
  const mine = withoutId(res.text, note.id)
  const theirs = withoutId(unknown.text, UNKNOWN_ID)
  return expectThat(t, res, mine === theirs, {
    message: `${label(res)} answered ${preview(res.text, 120)}, but ${label(unknown)} answered ${preview(unknown.text, 120)}: the difference tells ${user.username} that note ${preview(note.id)} exists`,
    expected: `exactly the answer for an id no note has (${method} ${notePath(UNKNOWN_ID)} answered status 404 and ${preview(unknown.text, 200)}), ids aside: for ${user.username}, another user's note does not exist`,
    pass: 'the same answer as for an id no note has',
  })
}

/**
 * Whether `user` is refused a plain `method` request on a note of `owner` (404 without its
 * content), as task 4 requires. A test of another rule that observes ownership through such a
 * request only judges when this holds: otherwise it is task 4's rule that is broken, and task 4's
 * tests report it.
 */
async function ownerCheckHolds(user, owner, method) {
  const control = await tryCreateNote(owner)
  if (!control) return false
  const json = method === 'PATCH' ? { title: randomTitle() } : undefined
  const res = await send(user, { method, path: notePath(control.id), json })
  return res.status === 404 && !res.text.includes(control.title) && !res.text.includes(control.body)
}

// 1. Who is calling

test('1. GET /me answers 200 with the caller\'s user', async t => {
  for (const user of [alice, bob, carol]) {
    const res = await send(user, { path: '/me' })
    const shape = { id: user.id, username: user.username, role: user.role }
    const expected = `status 200 OK and the user this token belongs to (users.json):\n${describeShape(shape)}`
    const ok = status(t, res, 200, { expected }) && jsonBody(t, res, { expected }) && matches(t, res, shape, { expected })
    if (!ok) return
  }
})

const basicOf = (username, token) => Buffer.from(`${username}:${token}`).toString('base64')

// Every kind of missing or invalid credential of task 1: [who, Authorization header, because].
// Several hold a real token in a wrong frame, which a server that ignores the scheme or compares
// only part of the header would accept.
const WRONG_CREDENTIALS = [
  ['without a token', undefined, 'the request has no Authorization header'],
  ['with an unknown token', 'Bearer not-a-real-token'],
  ["with alice's token and a character more", `Bearer ${alice.token}x`],
  ["with carol's token and a character less", `Bearer ${carol.token.slice(0, -1)}`],
  ["with the first half of alice's token", `Bearer ${alice.token.slice(0, alice.token.length / 2)}`],
  ["with alice's token without the word Bearer", alice.token],
  ["with carol's token in Basic authentication", `Basic ${basicOf('carol', carol.token)}`],
  ["with carol's token after another scheme", `Token ${carol.token}`],
  ['with Bearer and no token', 'Bearer'],
].map(([who, header, because]) => ({
  who,
  headers: header === undefined ? {} : { Authorization: header },
  because: because ?? `the Authorization header holds ${who.replace(/^with /, '')}, not "Bearer <a token from users.json>"`,
}))

/** Every route of the API, aimed at note `id`. */
const routesFor = id => [
  { path: '/me' },
  { path: '/notes' },
  { method: 'POST', path: '/notes', json: { title: randomTitle(), body: randomBody() } },
  { path: notePath(id) },
  { method: 'PATCH', path: notePath(id), json: { title: randomTitle(), body: randomBody() } },
  { method: 'DELETE', path: notePath(id) },
  { path: '/admin/notes' },
]

test('1. Requests without a valid token answer 401 with a JSON error', async t => {
  // A real note of alice's to aim at, when POST /notes already works (task 2): no response about
  // it may show its content, and nothing may change it. Before that, an id no note has does as
  // well for the 401s.
  const real = await tryCreateNote(alice)
  const note = real ?? { id: UNKNOWN_ID, title: randomTitle(), body: randomBody(), ownerId: alice.id }
  // Whether alice can read her note (task 3): only then does reading it afterwards prove anything.
  const before = real && (await send(alice, { path: notePath(note.id) }, 'reading the note before the requests without a valid token'))
  const posted = []
  for (const credential of WRONG_CREDENTIALS) {
    const expected = `status 401 Unauthorized, because ${credential.because}, and a JSON body like {"error": "<what is wrong>"}, with nothing of any note in it`
    for (const route of routesFor(note.id)) {
      if (route.method === 'POST') posted.push(route.json.title)
      const res = await send(null, { ...route, headers: credential.headers, who: credential.who })
      const ok = expectNoContent(t, res, note, expected) && expectError(t, res, 401, credential.because)
      if (!ok) return
    }
  }
  // Before anything else: before the note in the body is checked.
  const early = [
    [{ method: 'POST', path: '/notes', json: { title: 42 } }, 'an invalid note'],
    [{ method: 'PATCH', path: notePath(note.id), json: [] }, 'a body that is not a JSON object'],
  ]
  for (const [route, what] of early) {
    const res = await send(null, { ...route, who: `without a token, sending ${what}` })
    if (!expectError(t, res, 401, 'the request has no Authorization header: that is answered before the body is looked at')) return
  }
  if (!real || before.status !== 200) return
  // Nothing changed: the note is still alice's as it was, and none of the POSTs created a note.
  const after = await send(alice, { path: notePath(note.id) }, 'checking that the requests without a valid token changed nothing')
  if (after.status === 200 && after.json !== null && typeof after.json === 'object') {
    const ok = expectThat(t, after, after.json.title === note.title && after.json.body === note.body, {
      message: `${label(after)} shows a title or body sent by a request without a valid token, expected the note unchanged`,
      expected: `alice's note as she created it: requests without a valid token change nothing:\n${describeShape(noteShape(note))}`,
      pass: 'the note is unchanged',
    })
    if (!ok) return
  } else if (after.status === 404) {
    reportFailure(t, after, {
      message: `${label(after)} returned 404: a DELETE without a valid token deleted alice's note, expected it still there`,
      expected: `status 200 OK and alice's note: requests without a valid token delete nothing:\n${describeShape(noteShape(note))}`,
    })
    return
  }
  const all = await send(carol, { path: '/admin/notes' }, 'checking that the POSTs without a valid token created nothing')
  if (all.status === 200 && Array.isArray(all.json)) {
    const made = posted.filter(title => all.text.includes(title))
    expectThat(t, all, made.length === 0, {
      message: `${label(all)} lists a note titled ${preview(made[0])}, sent by a POST /notes without a valid token, expected no such note`,
      expected: 'no note created by a request without a valid token',
      pass: 'no note was created without a valid token',
    })
  }
})

test('1. Without a valid token, an existing note and an unknown id get the same answer', async t => {
  const note = await tryCreateNote(alice)
  if (!note) {
    t.pass('checked once POST /notes works (task 2)')
    return
  }
  for (const credential of WRONG_CREDENTIALS) {
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const json = method === 'PATCH' ? { title: randomTitle() } : undefined
      const existing = await send(null, { method, path: notePath(note.id), json, headers: credential.headers, who: credential.who })
      const unknown = await send(null, { method, path: notePath(UNKNOWN_ID), json, headers: credential.headers, who: credential.who })
      const expected = `status 401 Unauthorized for both, because ${credential.because}: a request without a valid token learns nothing about the notes, not even whether a note with this id exists (note ${preview(note.id)} does, ${UNKNOWN_ID} does not)`
      const same = existing.status === unknown.status && withoutId(existing.text, note.id) === withoutId(unknown.text, UNKNOWN_ID)
      const ok =
        expectThat(t, unknown, same, {
          message: `${label(unknown)} returned ${unknown.status} ${preview(unknown.text, 80)}, but ${label(existing)} returned ${existing.status} ${preview(existing.text, 80)}: the difference tells a caller without a valid token which notes exist`,
          expected,
          pass: 'the same answer for an existing note and an unknown id',
        }) &&
        expectError(t, unknown, 401, credential.because)
      if (!ok) return
    }
  }
})

// 2. Create a note

test('2. POST /notes creates a note owned by the caller and answers 201', async t => {
  // Spaces around the title are part of it: stored and answered exactly as sent.
  const sent = { title: `  ${randomTitle()} `, body: randomBody() }
  const res = await send(bob, { method: 'POST', path: '/notes', json: sent })
  const shape = { id: anyId, ...sent, ownerId: bob.id }
  const expected = `status 201 Created and the new note, owned by bob (id ${bob.id}), its title and body exactly as sent:\n${describeShape(shape)}`
  status(t, res, 201, { expected }) && jsonBody(t, res, { expected }) && matches(t, res, shape, { expected })
})

test('2. POST /notes without a body gives the note an empty body', async t => {
  const sent = { title: randomTitle() }
  const res = await send(alice, { method: 'POST', path: '/notes', json: sent })
  const shape = { id: anyId, title: sent.title, body: '', ownerId: alice.id }
  const expected = `status 201 Created and the new note, with body "" because the request gave none:\n${describeShape(shape)}`
  const ok = status(t, res, [201, 200], { expected }) && jsonBody(t, res, { expected }) && matches(t, res, shape, { expected })
  if (!ok) return
  const read = await send(alice, { path: notePath(res.json.id) }, 'reading the note back')
  if (read.status !== 200) return // reading a note is task 3's rule
  matches(t, read, { body: '' }, { expected: `the note with body "":\n${describeShape(shape)}` })
})

test('2. POST /notes ignores ownerId and role sent in the body', async t => {
  // bob's note: its id is what alice sends as `id`, which must not take it over.
  const bobs = await createNote(t, bob)
  if (!bobs) return
  const sent = { title: randomTitle(), body: randomBody(), id: bobs.id, ownerId: bob.id, owner: 'bob', userId: bob.id, role: 'admin' }
  const res = await send(alice, { method: 'POST', path: '/notes', json: sent })
  const shape = { id: anyId, title: sent.title, body: sent.body, ownerId: alice.id }
  const expected = `status 201 Created and a new note owned by alice (id ${alice.id}), who sent the request; id, ownerId, owner, userId and role in the body are ignored:\n${describeShape(shape)}`
  const ok =
    status(t, res, [201, 200]) &&
    jsonBody(t, res, { expected }) &&
    matches(t, res, shape, { expected }) &&
    expectThat(t, res, res.json.id !== bobs.id, {
      message: `${label(res)} returned id ${preview(res.json.id)}, the id sent in the body, which is bob's note's: expected a new id chosen by the server`,
      expected,
      pass: 'the server chose the id',
    })
  if (!ok) return
  const note = { ...sent, id: res.json.id, ownerId: alice.id }

  // bob's note is untouched (when bob can read his own note at all: task 3).
  const his = await send(bob, { path: notePath(bobs.id) }, "checking bob's note is still his")
  if (his.status === 200) {
    const hisExpected = `bob's note as he created it: a POST of alice's cannot replace it:\n${describeShape(noteShape(bobs))}`
    if (!matches(t, his, noteShape(bobs), { expected: hisExpected })) return
  }

  // The note is not bob's: bob may not read it. Judged only when bob cannot read alice's notes
  // anyway (task 4's rule, reported there).
  if (await ownerCheckHolds(bob, alice, 'GET')) {
    const asBob = await send(bob, { path: notePath(note.id) }, 'the note alice created with ownerId of bob in the body')
    if (!expectHidden(t, asBob, note, alice)) return
  }

  const me = await send(alice, { path: '/me' }, 'checking alice is still a user')
  const meExpected = 'alice is still a user: a role sent in a note\'s body changes nothing about the caller'
  expectThat(t, me, me.status !== 200 || me.json?.role !== 'admin', {
    message: `${label(me)} returned role "admin", expected "user": the role in the POST body made alice an admin`,
    expected: meExpected,
    pass: 'alice is still a user',
  })
})

test('2. POST /notes rejects an invalid note with 400', async t => {
  const bodies = [
    [{ body: randomBody() }, 'the body has no title'],
    [{ title: '', body: randomBody() }, 'the title is empty'],
    [{ title: '   ', body: randomBody() }, 'the title is only whitespace'],
    [{ title: 42, body: randomBody() }, 'the title is not a string'],
    [{ title: randomTitle(), body: 42 }, 'the body field is not a string'],
    [{ title: randomTitle(), body: [randomBody()] }, 'the body field is not a string'],
    [[randomTitle()], 'the request body is not a JSON object'],
    [`${randomTitle()}`, 'the request body is not a JSON object'],
  ]
  for (const [json, because] of bodies) {
    const res = await send(alice, { method: 'POST', path: '/notes', json }, because)
    if (!expectError(t, res, 400, because)) return
  }
  const malformed = `{"title": "${randomTitle()}", "body": "unfinished`
  const res = await send(
    alice,
    { method: 'POST', path: '/notes', body: malformed, headers: { 'Content-Type': 'application/json' } },
    'the request body is not valid JSON',
  )
  if (!expectError(t, res, 400, 'the request body is not valid JSON')) return
  // Creates nothing: none of the rejected titles or bodies is in alice's notes (when she can list them: task 3).
  const list = await send(alice, { path: '/notes' }, 'checking that the rejected requests created nothing')
  if (list.status !== 200 || !Array.isArray(list.json)) return
  const texts = bodies.flatMap(([json]) => (json && typeof json === 'object' ? Object.values(json) : [json]))
    .flat()
    .filter(value => typeof value === 'string' && value.trim().length > 8)
  const made = texts.filter(text => list.text.includes(text))
  expectThat(t, list, made.length === 0, {
    message: `${label(list)} lists a note holding ${preview(made[0])}, sent in a POST /notes that had to be rejected: expected a rejected request to create nothing`,
    expected: 'none of the rejected notes in the list: a 400 creates nothing',
    pass: 'the rejected requests created nothing',
  })
})

// 3. Your own notes

test('3. GET /notes lists only the caller\'s notes', async t => {
  const mine = {}
  for (const user of [alice, bob, carol]) {
    mine[user.username] = await createNote(t, user)
    if (!mine[user.username]) return
  }
  for (const user of [alice, bob, carol]) {
    const own = mine[user.username]
    const others = Object.values(mine).filter(note => note !== own)
    const expected = [
      `status 200 OK and a JSON array of ${user.username}'s notes only${user.role === 'admin' ? ' (an admin too: everyone\'s notes are at GET /admin/notes)' : ''}; it must hold`,
      `  ${JSON.stringify(noteShape(own))}`,
      'and none of',
      ...others.map(note => `  ${JSON.stringify(noteShape(note))}`),
    ].join('\n')
    const res = await send(user, { path: '/notes' })
    if (!(status(t, res, 200, { expected }) && jsonBody(t, res, { expected }) && isArray(t, res, expected))) return
    for (const other of others) {
      const owner = USERS.find(u => u.id === other.ownerId)
      const ok =
        expectThat(t, res, !findIn(res.json, other.id), {
          message: `${label(res)} listed note ${preview(other.id)} of ${owner.username}, expected only ${user.username}'s notes`,
          expected,
        }) && expectNoContent(t, res, other, expected)
      if (!ok) return
    }
    const listed = findIn(res.json, own.id)
    const ok =
      expectThat(t, res, listed !== undefined, {
        message: `${label(res)} returned no note with id ${preview(own.id)}, expected ${user.username}'s own note in the list`,
        expected,
      }) &&
      matches(t, res, noteShape(own), { path: `body[${res.json.indexOf(listed)}]`, value: listed, expected })
    if (!ok) return
  }
})

test('3. GET /notes/:id answers 200 with the caller\'s own note', async t => {
  const note = await createNote(t, alice)
  if (!note) return
  const res = await send(alice, { path: notePath(note.id) })
  const expected = `status 200 OK and alice's note:\n${describeShape(noteShape(note))}`
  status(t, res, 200, { expected }) && jsonBody(t, res, { expected }) && matches(t, res, noteShape(note), { expected })
})

test('3. PATCH /notes/:id updates the caller\'s own note', async t => {
  const note = await createNote(t, alice)
  if (!note) return
  let current = noteShape(note)
  for (const change of [{ title: randomTitle() }, { body: randomBody() }]) {
    current = { ...current, ...change }
    const res = await send(alice, { method: 'PATCH', path: notePath(note.id), json: change })
    const expected = `status 200 OK and the whole updated note; fields not in the request keep their values:\n${describeShape(current)}`
    if (!(status(t, res, 200, { expected }) && jsonBody(t, res, { expected }) && matches(t, res, current, { expected }))) return
  }
  const res = await send(alice, { path: notePath(note.id) })
  const expected = `status 200 OK and the note as changed by the PATCH requests before:\n${describeShape(current)}`
  status(t, res, 200, { expected }) && jsonBody(t, res, { expected }) && matches(t, res, current, { expected })
})

test('3. PATCH /notes/:id cannot change the owner', async t => {
  const note = await createNote(t, alice)
  if (!note) return
  const otherId = typeof note.id === 'number' ? note.id + 1000 : `${note.id}-taken`
  const change = { title: randomTitle(), ownerId: bob.id, owner: 'bob', userId: bob.id, id: otherId }
  const res = await send(alice, { method: 'PATCH', path: notePath(note.id), json: change })
  const updated = { ...noteShape(note), title: change.title }
  const expected = `status 200 OK and the note with the new title, still owned by alice (id ${alice.id}) and with its own id: ownerId, owner, userId and id in a PATCH body are ignored:\n${describeShape(updated)}`
  const ok = status(t, res, 200, { expected }) && jsonBody(t, res, { expected }) && matches(t, res, updated, { expected })
  if (!ok) return
  // Judged only when bob cannot read alice's notes anyway (task 4's rule, reported there).
  if (await ownerCheckHolds(bob, alice, 'GET')) {
    const asBob = await send(bob, { path: notePath(note.id) })
    if (!expectHidden(t, asBob, { ...note, title: change.title }, alice)) return
  }
  const asAlice = await send(alice, { path: notePath(note.id) })
  const aliceExpected = `status 200 OK: the note is still alice's:\n${describeShape(updated)}`
  status(t, asAlice, 200, { expected: aliceExpected }) &&
    jsonBody(t, asAlice, { expected: aliceExpected }) &&
    matches(t, asAlice, updated, { expected: aliceExpected })
})

test('3. DELETE /notes/:id deletes the caller\'s own note', async t => {
  const note = await createNote(t, alice)
  if (!note) return
  const res = await send(alice, { method: 'DELETE', path: notePath(note.id) })
  const expected = 'status 204 No Content and no body at all: the note is deleted'
  if (!(status(t, res, 204, { expected }) && expectEmptyBody(t, res, { note: res.note, expected }))) return
  const after = await send(alice, { path: notePath(note.id) }, 'after deleting it')
  status(t, after, 404, { expected: 'status 404 Not Found, because the note was deleted' })
})

test('3. Every note gets an id no other note has, also after a DELETE', async t => {
  // alice's and bob's notes, then one of alice's from the middle deleted: ids counted per user, or
  // from the number of notes, give a new note the id of one that still exists.
  const made = []
  for (const user of [alice, alice, bob, alice]) {
    const note = await createNote(t, user)
    if (!note) return
    made.push(note)
  }
  const [gone] = made.splice(1, 1)
  const deleted = await send(alice, { method: 'DELETE', path: notePath(gone.id) }, 'deleting the second of her notes')
  if (!status(t, deleted, [204, 200])) return
  for (const user of [alice, bob]) {
    const sent = { title: randomTitle(), body: randomBody() }
    const res = await send(user, { method: 'POST', path: '/notes', json: sent }, 'after a note was deleted')
    if (!(status(t, res, [201, 200]) && jsonBody(t, res) && matches(t, res, { id: anyId }))) return
    const clash = made.find(other => other.id === res.json.id)
    const owner = clash && USERS.find(u => u.id === clash.ownerId)
    const ok = expectThat(t, res, clash === undefined, {
      message: `${label(res)} returned id ${preview(res.json.id)}, the id of ${owner?.username}'s note that still exists, expected an id no other note has`,
      expected: `an id no existing note has (these notes exist: ids ${made.map(other => preview(other.id)).join(', ')})`,
      pass: 'a new id',
    })
    if (!ok) return
    made.push({ id: res.json.id, ...sent, ownerId: user.id })
  }
  for (const note of made) {
    const owner = USERS.find(u => u.id === note.ownerId)
    const res = await send(owner, { path: notePath(note.id) }, 'every note is still there, as created')
    const expected = `status 200 OK and ${owner.username}'s note, unchanged by the notes created after it:\n${describeShape(noteShape(note))}`
    if (!(status(t, res, 200, { expected }) && jsonBody(t, res, { expected }) && matches(t, res, noteShape(note), { expected }))) return
  }
})

test('3. Unknown note ids answer 404', async t => {
  for (const method of ['GET', 'PATCH', 'DELETE']) {
    const json = method === 'PATCH' ? { title: randomTitle() } : undefined
    const res = await send(alice, { method, path: notePath(UNKNOWN_ID), json })
    if (!status(t, res, 404, { expected: `status 404 Not Found: no note has id ${UNKNOWN_ID}` })) return
  }
})

// 4. Other people's notes

test('4. GET /notes/:id answers 404 for another user\'s note, without its content', async t => {
  const note = await createNote(t, alice)
  if (!note) return
  const res = await send(bob, { path: notePath(note.id) })
  if (expectHidden(t, res, note, alice)) await expectSameAsUnknown(t, res, bob, note)
})

test('4. PATCH /notes/:id answers 404 for another user\'s note and changes nothing', async t => {
  const note = await createNote(t, alice)
  if (!note) return
  // Whether alice can read her note at all is checked in task 3; only if she can does reading it
  // afterwards prove anything here.
  const before = await send(alice, { path: notePath(note.id) }, 'reading the note before bob tries')
  const change = { title: randomTitle(), body: randomBody() }
  const res = await send(bob, { method: 'PATCH', path: notePath(note.id), json: change })
  if (!expectHidden(t, res, note, alice) || !(await expectSameAsUnknown(t, res, bob, note)) || before.status !== 200) return
  const after = await send(alice, { path: notePath(note.id) }, 'checking the note did not change')
  if (after.status !== 200 || after.json === null || typeof after.json !== 'object') return
  expectThat(t, after, after.json.title !== change.title && after.json.body !== change.body, {
    message: `${label(after)} shows the title or body bob sent in his PATCH, expected the note unchanged`,
    expected: `alice's note unchanged:\n${describeShape(noteShape(note))}`,
    pass: 'the note is unchanged',
  })
})

test('4. DELETE /notes/:id answers 404 for another user\'s note and deletes nothing', async t => {
  const note = await createNote(t, alice)
  if (!note) return
  const before = await send(alice, { path: notePath(note.id) }, 'reading the note before bob tries')
  const res = await send(bob, { method: 'DELETE', path: notePath(note.id) })
  if (!expectHidden(t, res, note, alice) || !(await expectSameAsUnknown(t, res, bob, note)) || before.status !== 200) return
  const after = await send(alice, { path: notePath(note.id) }, 'checking the note is still there')
  expectThat(t, after, after.status !== 404, {
    message: `${label(after)} returned 404: bob's DELETE deleted alice's note, expected it still there`,
    expected: `status 200 OK and alice's note, which bob may not delete:\n${describeShape(noteShape(note))}`,
    pass: 'the note is still there',
  })
})

// 5. Admins

test('5. GET /admin/notes lists every user\'s notes for an admin', async t => {
  const created = []
  for (const user of [alice, bob]) {
    const note = await createNote(t, user)
    if (!note) return
    created.push(note)
  }
  const expected = [
    'status 200 OK and a JSON array of every user\'s notes; it must hold',
    ...created.map(note => `  ${JSON.stringify(noteShape(note))}`),
  ].join('\n')
  const res = await send(carol, { path: '/admin/notes' })
  if (!(status(t, res, 200, { expected }) && jsonBody(t, res, { expected }) && isArray(t, res, expected))) return
  for (const note of created) {
    const listed = findIn(res.json, note.id)
    const ok =
      expectThat(t, res, listed !== undefined, {
        message: `${label(res)} returned no note with id ${preview(note.id)}, expected every user's notes`,
        expected,
      }) && matches(t, res, noteShape(note), { path: `body[${res.json.indexOf(listed)}]`, value: listed, expected })
    if (!ok) return
  }
})

test('5. GET /admin/notes answers 403 for a user who is not an admin', async t => {
  const note = await createNote(t, bob)
  if (!note) return
  for (const user of [alice, bob]) {
    const res = await send(user, { path: '/admin/notes' })
    const because = `${user.username} is not an admin`
    const ok =
      status(t, res, 403, { expected: `status 403 Forbidden, because ${because}` }) &&
      expectNoContent(t, res, note, `status 403 Forbidden, because ${because}, and no note in the body`) &&
      expectError(t, res, 403, because)
    if (!ok) return
  }
})

test('5. An admin can read, change and delete any note', async t => {
  const note = await createNote(t, alice)
  if (!note) return
  const read = await send(carol, { path: notePath(note.id) })
  const readExpected = `status 200 OK and alice's note: an admin may read every note:\n${describeShape(noteShape(note))}`
  const ok =
    status(t, read, 200, { expected: readExpected }) &&
    jsonBody(t, read, { expected: readExpected }) &&
    matches(t, read, noteShape(note), { expected: readExpected })
  if (!ok) return

  const change = { title: randomTitle() }
  const updated = { ...noteShape(note), ...change }
  const patched = await send(carol, { method: 'PATCH', path: notePath(note.id), json: change })
  const patchExpected = `status 200 OK and the updated note, still owned by alice (id ${alice.id}): an admin may change every note, but does not become its owner:\n${describeShape(updated)}`
  const patchedOk =
    status(t, patched, 200, { expected: patchExpected }) &&
    jsonBody(t, patched, { expected: patchExpected }) &&
    matches(t, patched, updated, { expected: patchExpected })
  if (!patchedOk) return

  const deleted = await send(carol, { method: 'DELETE', path: notePath(note.id) })
  if (!status(t, deleted, 204, { expected: 'status 204 No Content: an admin may delete every note' })) return
  const after = await send(alice, { path: notePath(note.id) }, 'after carol deleted it')
  status(t, after, 404, { expected: 'status 404 Not Found, because carol (an admin) deleted the note' })
})

test('5. The admin role comes only from the token', async t => {
  const note = await createNote(t, bob)
  if (!note) return
  // Every place a role could be smuggled in: query string, headers, JSON body.
  const smuggled = {
    headers: { 'X-Role': 'admin', 'X-User-Role': 'admin', Role: 'admin', 'X-Admin': 'true' },
    json: { role: 'admin', isAdmin: true },
  }
  const claiming = 'claiming the admin role in headers, query and body'
  const list = await send(alice, { path: '/admin/notes?role=admin&admin=true', ...smuggled }, claiming)
  const because = 'alice\'s token is a user\'s token, whatever the request says about roles'
  const ok =
    status(t, list, 403, { expected: `status 403 Forbidden, because ${because}` }) &&
    expectNoContent(t, list, note, `status 403 Forbidden, because ${because}, and no note in the body`) &&
    expectError(t, list, 403, because)
  if (!ok) return
  // The same claims on bob's note: judged only where alice is refused bob's notes without them
  // (task 4's rule, reported there).
  if (await ownerCheckHolds(alice, bob, 'GET')) {
    const read = await send(alice, { path: `${notePath(note.id)}?role=admin&admin=true`, ...smuggled }, claiming)
    if (!expectHidden(t, read, note, bob)) return
  }
  // (A server that cannot find a note by its id at all fails task 3; reading the note back only
  // proves something when bob can read it.)
  if (await ownerCheckHolds(alice, bob, 'PATCH')) {
    const json = { ...smuggled.json, title: randomTitle(), body: randomBody() }
    const change = await send(alice, { method: 'PATCH', path: `${notePath(note.id)}?role=admin&admin=true`, headers: smuggled.headers, json }, claiming)
    if (!expectHidden(t, change, note, bob)) return
    const after = await send(bob, { path: notePath(note.id) }, 'checking the note did not change')
    if (after.status === 200 && after.json !== null && typeof after.json === 'object') {
      const ok = expectThat(t, after, after.json.title === note.title && after.json.body === note.body, {
        message: `${label(after)} shows the title or body alice sent while claiming the admin role, expected bob's note unchanged`,
        expected: `bob's note unchanged:\n${describeShape(noteShape(note))}`,
        pass: 'the note is unchanged',
      })
      if (!ok) return
    }
  }
  const stillThere = await send(bob, { path: notePath(note.id) }, 'reading his note before alice tries to delete it')
  if (stillThere.status === 200 && (await ownerCheckHolds(alice, bob, 'DELETE'))) {
    const gone = await send(alice, { method: 'DELETE', path: `${notePath(note.id)}?role=admin&admin=true`, headers: smuggled.headers }, claiming)
    if (!expectHidden(t, gone, note, bob)) return
    const after = await send(bob, { path: notePath(note.id) }, 'checking the note is still there')
    expectThat(t, after, after.status !== 404, {
      message: `${label(after)} returned 404: alice deleted bob's note by claiming the admin role, expected it still there`,
      expected: `status 200 OK and bob's note, which alice may not delete:\n${describeShape(noteShape(note))}`,
      pass: 'the note is still there',
    })
  }
})

// 6. Unknown routes

test('6. Unknown routes answer 404 with a JSON error', async t => {
  for (const path of ['/does-not-exist', '/admin/users', `${notePath(UNKNOWN_ID)}/share`]) {
    const res = await send(alice, { path })
    if (!expectError(t, res, 404, `the API has no ${path} route`)) return
  }
})
