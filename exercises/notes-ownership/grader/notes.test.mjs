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

test('1. Requests without a valid token answer 401 with a JSON error', async t => {
  // A real note of alice's to aim at, when POST /notes already works (task 2): no response about
  // it may show its content. Before that, an id no note has does as well for the 401s.
  const note = (await tryCreateNote(alice)) ?? { id: UNKNOWN_ID, title: randomTitle(), body: randomBody(), ownerId: alice.id }
  const routes = [
    { path: '/me' },
    { path: '/notes' },
    { method: 'POST', path: '/notes', json: { title: randomTitle(), body: randomBody() } },
    { path: notePath(note.id) },
    { method: 'PATCH', path: notePath(note.id), json: { title: randomTitle() } },
    { method: 'DELETE', path: notePath(note.id) },
    { path: '/admin/notes' },
  ]
  const expected = 'status 401 Unauthorized, because the request has no Authorization header, and a JSON body like {"error": "<what is wrong>"}'
  for (const options of routes) {
    const res = await send(null, { ...options, who: 'without a token' })
    const ok = expectNoContent(t, res, note, expected) && expectError(t, res, 401, 'the request has no Authorization header')
    if (!ok) return
  }
  const basic = Buffer.from(`alice:${alice.token}`).toString('base64')
  const wrongHeaders = [
    ['an unknown token', 'Bearer not-a-real-token'],
    ["alice's token with a character added", `Bearer ${alice.token}x`],
    ["the first half of alice's token", `Bearer ${alice.token.slice(0, alice.token.length / 2)}`],
    ["alice's token without the word Bearer", alice.token],
    ['Basic authentication', `Basic ${basic}`],
    ['Bearer and no token', 'Bearer'],
  ]
  for (const [what, header] of wrongHeaders) {
    const res = await send(null, { path: '/notes', headers: { Authorization: header }, who: `with ${what}` })
    if (!expectError(t, res, 401, `the Authorization header holds ${what}, not "Bearer <a token from users.json>"`)) return
  }
})

// 2. Create a note

test('2. POST /notes creates a note owned by the caller and answers 201', async t => {
  const sent = { title: randomTitle(), body: randomBody() }
  const res = await send(bob, { method: 'POST', path: '/notes', json: sent })
  const shape = { id: anyId, ...sent, ownerId: bob.id }
  const expected = `status 201 Created and the new note, owned by bob (id ${bob.id}):\n${describeShape(shape)}`
  status(t, res, 201, { expected }) && jsonBody(t, res, { expected }) && matches(t, res, shape, { expected })
})

test('2. POST /notes ignores ownerId and role sent in the body', async t => {
  const sent = { title: randomTitle(), body: randomBody(), ownerId: bob.id, owner: 'bob', userId: bob.id, role: 'admin' }
  const res = await send(alice, { method: 'POST', path: '/notes', json: sent })
  const shape = { id: anyId, title: sent.title, body: sent.body, ownerId: alice.id }
  const expected = `status 201 Created and a note owned by alice (id ${alice.id}), who sent the request; ownerId, owner, userId and role in the body are ignored:\n${describeShape(shape)}`
  const ok = status(t, res, [201, 200]) && jsonBody(t, res, { expected }) && matches(t, res, shape, { expected })
  if (!ok) return
  const note = { ...sent, id: res.json.id, ownerId: alice.id }

  const asBob = await send(bob, { path: notePath(note.id) })
  if (!expectHidden(t, asBob, note, alice)) return

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
    [[randomTitle()], 'the request body is not a JSON object'],
  ]
  for (const [json, because] of bodies) {
    const res = await send(alice, { method: 'POST', path: '/notes', json }, because)
    if (!expectError(t, res, 400, because)) return
  }
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
  const change = { title: randomTitle(), ownerId: bob.id }
  const res = await send(alice, { method: 'PATCH', path: notePath(note.id), json: change })
  const updated = { ...noteShape(note), title: change.title }
  const expected = `status 200 OK and the note with the new title, still owned by alice (id ${alice.id}): ownerId in a PATCH body is ignored:\n${describeShape(updated)}`
  const ok = status(t, res, 200, { expected }) && jsonBody(t, res, { expected }) && matches(t, res, updated, { expected })
  if (!ok) return
  const asBob = await send(bob, { path: notePath(note.id) })
  if (!expectHidden(t, asBob, { ...note, title: change.title }, alice)) return
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
  if (!status(t, res, 204, { expected: 'status 204 No Content: the note is deleted' })) return
  const after = await send(alice, { path: notePath(note.id) }, 'after deleting it')
  status(t, after, 404, { expected: 'status 404 Not Found, because the note was deleted' })
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
  expectHidden(t, await send(bob, { path: notePath(note.id) }), note, alice)
})

test('4. PATCH /notes/:id answers 404 for another user\'s note and changes nothing', async t => {
  const note = await createNote(t, alice)
  if (!note) return
  // Whether alice can read her note at all is checked in task 3; only if she can does reading it
  // afterwards prove anything here.
  const before = await send(alice, { path: notePath(note.id) }, 'reading the note before bob tries')
  const change = { title: randomTitle(), body: randomBody() }
  const res = await send(bob, { method: 'PATCH', path: notePath(note.id), json: change })
  if (!expectHidden(t, res, note, alice) || before.status !== 200) return
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
  if (!expectHidden(t, res, note, alice) || before.status !== 200) return
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
  const read = await send(alice, { path: `${notePath(note.id)}?role=admin&admin=true`, ...smuggled }, claiming)
  expectHidden(t, read, note, bob)
})

// 6. Unknown routes

test('6. Unknown routes answer 404 with a JSON error', async t => {
  for (const path of ['/does-not-exist', '/admin/users', `${notePath(UNKNOWN_ID)}/share`]) {
    const res = await send(alice, { path })
    if (!expectError(t, res, 404, `the API has no ${path} route`)) return
  }
})
