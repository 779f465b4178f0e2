// Grader for todos-crud: one top-level test per behaviour in instructions.md, in task order.
// Every test creates the todos it needs, so one broken behaviour fails its own tests and
// not the ones after it. Setup requests tolerate mistakes other tests report (e.g. 200
// instead of 201), and say in their message that they are setup.
import t from 'tap'
import {
  anyId,
  describeShape,
  expectBodyMatches,
  expectEmptyBody,
  expectHeader,
  expectJson,
  expectJsonBody,
  expectStatus,
  expectThat,
  graded,
  kindOf,
  matcher,
  nonEmptyString,
  preview,
  randomTitle,
  request,
} from '@backlab/grader'

const test = graded(t)

const MAX_TITLE_LENGTH = 200
// Numeric, so servers with number ids say 404 rather than rejecting its format; large
// enough that no test run creates that many todos.
const UNKNOWN_ID = '999999999'
const CREATING = 'creating a todo for this test'
const DELETING = 'deleting a todo for this test'

const todoPath = id => `/todos/${encodeURIComponent(String(id))}`
// Every id the server has handed out in this run, deleted or not: a new todo must get none of them.
const issuedIds = new Map()
async function post(json) {
  const res = await request({ method: 'POST', path: '/todos', json })
  const id = res.json?.id
  if ((res.status === 201 || res.status === 200) && anyId.test(id) && !issuedIds.has(id)) {
    issuedIds.set(id, typeof json?.title === 'string' ? json.title : undefined)
  }
  return res
}
const patch = (id, json) => request({ method: 'PATCH', path: todoPath(id), json })
const NOT_BOOLEANS = ['yes', 1, 0, 'true', null]
const NOT_OBJECTS = [[], 'text', null]
/** A title of exactly `length` Unicode characters: a random title, then `fill` repeated. */
function titleOfLength(length, fill = 'x') {
  const chars = [...`${randomTitle()} `]
  const more = [...fill]
  while (chars.length < length) chars.push(more[chars.length % more.length])
  return chars.slice(0, length).join('')
}
const malformedJson = (method, path) =>
  request({ method, path, body: `{"title": "${randomTitle()}"`, headers: { 'Content-Type': 'application/json' } })

/** The todo the instructions say POST creates from `fields`, once the server has given it an id. */
async function createTodo(t, fields = {}) {
  const sent = { title: randomTitle(), ...fields }
  const res = await post(sent)
  const created =
    expectStatus(t, res, [201, 200], { note: CREATING }) &&
    expectJsonBody(t, res, { note: CREATING }) &&
    expectBodyMatches(t, res, { id: anyId }, { note: CREATING })
  return created ? { id: res.json.id, title: sent.title, completed: sent.completed ?? false } : undefined
}

async function deleteTodo(t, id) {
  const res = await request({ method: 'DELETE', path: todoPath(id) })
  return expectStatus(t, res, [204, 200], { note: DELETING })
}

/** The list from GET /todos, or undefined after failing `t`. */
async function listTodos(t, expected) {
  const res = await request({ path: '/todos' })
  const listed =
    expectStatus(t, res, 200, { expected }) &&
    expectJsonBody(t, res, { expected }) &&
    expectThat(t, res, Array.isArray(res.json), {
      message: `GET /todos returned ${kindOf(res.json)}, expected a JSON array of todos`,
      expected,
    })
  return listed ? res : undefined
}

const indexOfTodo = (list, id) => list.findIndex(item => item !== null && typeof item === 'object' && item.id === id)

function locationOf(id) {
  const path = todoPath(id)
  // A relative path or a full URL both name the todo; the id may be percent-encoded or not.
  return matcher(path, value => {
    try {
      const { pathname } = new URL(value, 'http://localhost')
      return pathname === path || decodeURIComponent(pathname) === `/todos/${id}`
    } catch {
      return false
    }
  })
}

/** 404 with a JSON error body, like every error the API answers. */
function expectNotFound(t, res, because) {
  const expected = `status 404 Not Found, because ${because}, and a JSON body like {"error": "<what is wrong>"}`
  return (
    expectStatus(t, res, 404, { expected }) &&
    expectJsonBody(t, res, { expected }) &&
    expectBodyMatches(t, res, { error: nonEmptyString }, { expected })
  )
}

function expectRejected(t, res, because) {
  const expected = `status 400 Bad Request, because ${because}, and a JSON body like {"error": "<what is wrong>"}`
  return (
    expectStatus(t, res, 400, { expected }) &&
    expectJsonBody(t, res, { expected }) &&
    expectBodyMatches(t, res, { error: nonEmptyString }, { expected })
  )
}

// 1. Create a todo

test('1. POST /todos creates a todo and answers 201 with Location', async t => {
  const res = await post({ title: randomTitle() })
  const expected = 'status 201 Created, the new todo as JSON, and a Location: /todos/<id> header'
  expectStatus(t, res, 201, { expected }) &&
    expectJsonBody(t, res, { expected }) &&
    expectBodyMatches(t, res, { id: anyId }, { expected }) &&
    expectHeader(t, res, 'Location', locationOf(res.json.id))
})

test('1. POST /todos defaults completed to false', async t => {
  const title = randomTitle()
  const res = await post({ title })
  expectStatus(t, res, [201, 200]) &&
    expectJsonBody(t, res) &&
    expectBodyMatches(t, res, { id: anyId, title, completed: false })
})

test('1. POST /todos accepts completed: true', async t => {
  const title = randomTitle()
  const res = await post({ title, completed: true })
  expectStatus(t, res, [201, 200]) &&
    expectJsonBody(t, res) &&
    expectBodyMatches(t, res, { id: anyId, title, completed: true })
})

test('1. POST /todos gives every todo its own id', async t => {
  const ids = []
  const expectNewId = (res, how) =>
    expectStatus(t, res, [201, 200]) &&
    expectJsonBody(t, res) &&
    expectBodyMatches(t, res, { id: anyId }) &&
    expectThat(t, res, !ids.includes(res.json.id), {
      message: `POST /todos returned id ${preview(res.json.id)} a second time${how}, expected a new id`,
      expected: `an id that no other todo has (already taken: ${ids.map(id => preview(id)).join(', ')})`,
      pass: 'the new todo has a new id',
    }) &&
    ids.push(res.json.id)
  for (let i = 0; i < 3; i++) {
    if (!expectNewId(await post({ title: randomTitle() }), '')) return
  }
  // Sent at the same time, as several clients would: ids made from the clock collide here.
  const together = await Promise.all(Array.from({ length: 10 }, () => post({ title: randomTitle() })))
  for (const res of together) {
    if (!expectNewId(res, ' (10 todos created at the same moment)')) return
  }
})

test('1. POST /todos stores the title exactly as it was sent', async t => {
  const titles = [
    `  ${randomTitle()}  `,
    `Crème brûlée 🎉 for "Zoë" \\ ${randomTitle()}`,
  ]
  for (const title of titles) {
    const res = await post({ title })
    const expected = `status 201 Created and the new todo with the title exactly as sent, spaces, accents and emoji included: ${JSON.stringify(title)}`
    const ok =
      expectStatus(t, res, [201, 200], { expected }) &&
      expectJsonBody(t, res, { expected }) &&
      expectBodyMatches(t, res, { id: anyId, title }, { expected })
    if (!ok) return
  }
})

// 2. List and read todos

test('2. GET /todos lists todos in creation order', async t => {
  const created = []
  for (const fields of [{}, { completed: true }, {}]) {
    const todo = await createTodo(t, fields)
    if (!todo) return
    created.push(todo)
  }
  const expected = [
    'status 200 OK and a JSON array of all todos, oldest first; it must hold these, in this order:',
    ...created.map(todo => `  ${JSON.stringify(todo)}`),
  ].join('\n')
  if (!(await expectListed(t, created, expected, '', true))) return

  // A change is no new todo: after a PATCH of the oldest one, the list keeps creation order.
  const [first] = created
  const patched = await patch(first.id, { completed: !first.completed })
  if (patched.status !== 200) {
    t.pass(`PATCH answered ${patched.status}: the order after a change is checked once PATCH works`)
    return
  }
  const after = `status 200 OK and a JSON array of all todos, still oldest first after the PATCH of id ${preview(first.id)} (a change does not move a todo): ids ${created.map(todo => preview(todo.id)).join(', ')}, in this order`
  // Only the order: what PATCH stores is checked by the tests of task 3.
  await expectListed(t, created, after, ` after a PATCH of id ${preview(first.id)}`, false)
})

/** GET /todos lists `todos`, in this order (others may come between them), and with their fields when `fields`. */
async function expectListed(t, todos, expected, when, fields) {
  const res = await listTodos(t, expected)
  if (!res) return false
  let previous
  for (const todo of todos) {
    const index = indexOfTodo(res.json, todo.id)
    const ok =
      expectThat(t, res, index !== -1, {
        message: `GET /todos returned no todo with id ${preview(todo.id)}${when}, expected it in the list`,
        expected,
      }) &&
      expectThat(t, res, previous === undefined || index > previous.index, {
        message: `GET /todos listed id ${preview(todo.id)} before id ${preview(previous?.id)}${when}, expected creation order`,
        expected,
      }) &&
      (!fields || expectBodyMatches(t, res, todo, { path: `body[${index}]`, value: res.json[index], expected }))
    if (!ok) return false
    previous = { id: todo.id, index }
  }
  return true
}

test('2. GET /todos/:id answers 200 with the todo', async t => {
  const todo = await createTodo(t, { completed: true })
  if (!todo) return
  const res = await request({ path: todoPath(todo.id) })
  expectStatus(t, res, 200) && expectJsonBody(t, res) && expectBodyMatches(t, res, todo)
})

test('2. GET /todos/:id answers 404 for an unknown id', async t => {
  const res = await request({ path: todoPath(UNKNOWN_ID) })
  expectNotFound(t, res, `no todo has id ${UNKNOWN_ID}`)
})

// 3. Update a todo

test('3. PATCH /todos/:id updates only the given fields', async t => {
  const todo = await createTodo(t, { completed: false })
  if (!todo) return
  const steps = [{ completed: true }, { title: randomTitle() }]
  let current = todo
  for (const change of steps) {
    current = { ...current, ...change }
    const res = await patch(todo.id, change)
    const expected = `status 200 OK and the whole updated todo; fields not in the request keep their values:\n${describeShape(current)}`
    const ok =
      expectStatus(t, res, 200, { expected }) &&
      expectJsonBody(t, res, { expected }) &&
      expectBodyMatches(t, res, current, { expected })
    if (!ok) return
  }
})

test('3. GET /todos/:id shows the changes made by PATCH', async t => {
  const todo = await createTodo(t, { completed: false })
  if (!todo) return
  const change = { title: randomTitle(), completed: true }
  const patched = await patch(todo.id, change)
  if (!expectStatus(t, patched, [200, 204], { note: 'changing the todo for this test' })) return
  const res = await request({ path: todoPath(todo.id) })
  const expected = `status 200 OK and the todo as changed by the PATCH before:\n${describeShape({ ...todo, ...change })}`
  expectStatus(t, res, 200, { expected }) &&
    expectJsonBody(t, res, { expected }) &&
    expectBodyMatches(t, res, { ...todo, ...change }, { expected })
})

test('3. PATCH /todos/:id answers 404 for an unknown id', async t => {
  const res = await patch(UNKNOWN_ID, { completed: true })
  if (!expectNotFound(t, res, `no todo has id ${UNKNOWN_ID}`)) return
  const todo = await createTodo(t)
  if (!todo || !(await deleteTodo(t, todo.id))) return
  expectNotFound(t, await patch(todo.id, { completed: true }), `todo ${preview(todo.id)} was deleted`)
})

// 4. Delete a todo

test('4. DELETE /todos/:id answers 204 with an empty body', async t => {
  const todo = await createTodo(t)
  if (!todo) return
  const res = await request({ method: 'DELETE', path: todoPath(todo.id) })
  const expected = 'status 204 No Content and no body at all'
  expectStatus(t, res, 204, { expected }) && expectEmptyBody(t, res, { expected })
})

test('4. GET /todos/:id answers 404 after DELETE', async t => {
  const todo = await createTodo(t)
  if (!todo || !(await deleteTodo(t, todo.id))) return
  const res = await request({ path: todoPath(todo.id) })
  expectNotFound(t, res, 'the todo was deleted')
})

test('4. GET /todos no longer lists a deleted todo', async t => {
  const deleted = await createTodo(t)
  const kept = deleted && (await createTodo(t))
  if (!kept || !(await deleteTodo(t, deleted.id))) return
  const expected = `status 200 OK and a JSON array of all todos, without id ${preview(deleted.id)} (deleted) but still with id ${preview(kept.id)}`
  const res = await listTodos(t, expected)
  if (!res) return
  expectThat(t, res, indexOfTodo(res.json, deleted.id) === -1, {
    message: `GET /todos still lists id ${preview(deleted.id)}, expected it gone after DELETE`,
    expected,
  }) &&
    expectThat(t, res, indexOfTodo(res.json, kept.id) !== -1, {
      message: `GET /todos no longer lists id ${preview(kept.id)}, expected only the deleted todo gone`,
      expected,
    })
})

test('4. POST /todos does not reuse the id of a deleted todo', async t => {
  // Earlier tests deleted todos too, so "number of todos + 1" already points at a todo that
  // exists (which a new todo then replaces), and "largest id + 1" at the newest todo once it
  // is deleted. Every id of this run, deleted or not, is taken.
  const expectedNew = 'an id that no todo of this run has ever had, whether it still exists or was deleted'
  async function postNew(why) {
    const before = new Map(issuedIds)
    const sent = { title: randomTitle() }
    const res = await post(sent)
    const id = res.json?.id
    const ok =
      expectStatus(t, res, [201, 200]) &&
      expectJsonBody(t, res) &&
      expectBodyMatches(t, res, { id: anyId }) &&
      expectThat(t, res, !before.has(id), {
        message: `POST /todos returned id ${preview(id)} ${why}, but ${before.get(id) === undefined ? 'an earlier todo' : `the todo ${preview(before.get(id))}`} of this run already had that id, expected a new id`,
        expected: expectedNew,
        pass: 'the new todo has a new id',
      })
    return ok ? { id, title: sent.title } : undefined
  }
  const live = []
  for (let i = 0; i < 3; i++) {
    const todo = await postNew('(earlier tests deleted todos)')
    if (!todo) return
    live.push(todo)
  }
  const [, middle] = live
  if (!(await deleteTodo(t, middle.id))) return
  live.splice(1, 1)
  const afterMiddle = await postNew(`after the todo with id ${preview(middle.id)}, in the middle of the list, was deleted`)
  if (!afterMiddle) return
  live.push(afterMiddle)
  const newest = live.pop()
  if (!(await deleteTodo(t, newest.id))) return
  const afterNewest = await postNew(`after the newest todo, id ${preview(newest.id)}, was deleted`)
  if (!afterNewest) return
  live.push(afterNewest)

  const expected = [
    'status 200 OK and a JSON array in which every todo has its own id, still holding these (none replaced by a newer todo):',
    ...live.map(todo => `  ${JSON.stringify(todo)}`),
  ].join('\n')
  const res = await listTodos(t, expected)
  if (!res) return
  const ids = res.json.map(item => item?.id)
  const twice = ids.find((id, i) => ids.indexOf(id) !== i)
  const distinct = expectThat(t, res, twice === undefined, {
    message: `GET /todos lists id ${preview(twice)} more than once, expected every todo to have its own id`,
    expected,
    pass: 'every listed todo has its own id',
  })
  if (!distinct) return
  for (const todo of live) {
    const index = indexOfTodo(res.json, todo.id)
    const listed =
      expectThat(t, res, index !== -1, {
        message: `GET /todos returned no todo with id ${preview(todo.id)}, expected it in the list`,
        expected,
      }) &&
      expectBodyMatches(t, res, { id: todo.id, title: todo.title }, { path: `body[${index}]`, value: res.json[index], expected })
    if (!listed) return
  }
})

test('4. DELETE /todos/:id answers 404 for an unknown id', async t => {
  const res = await request({ method: 'DELETE', path: todoPath(UNKNOWN_ID) })
  if (!expectNotFound(t, res, `no todo has id ${UNKNOWN_ID}`)) return
  // A todo already deleted is unknown too: the second DELETE must not answer 204 again.
  const todo = await createTodo(t)
  if (!todo || !(await deleteTodo(t, todo.id))) return
  const again = await request({ method: 'DELETE', path: todoPath(todo.id) })
  expectNotFound(t, again, `todo ${preview(todo.id)} was already deleted by the DELETE before`)
})

// 5. Validate input

test('5. POST /todos rejects a missing title with 400', async t => {
  expectRejected(t, await post({ completed: false }), 'the body has no title')
})

test('5. POST /todos rejects an empty or whitespace-only title with 400', async t => {
  expectRejected(t, await post({ title: '' }), 'the title is empty') &&
    expectRejected(t, await post({ title: '   ' }), 'the title is only whitespace') &&
    expectRejected(t, await post({ title: ' \t\n ' }), 'the title is only whitespace (spaces, a tab and a newline)')
})

test('5. POST /todos accepts a 200-character title and rejects 201 with 400', async t => {
  const longest = titleOfLength(MAX_TITLE_LENGTH)
  // Characters are Unicode characters: an emoji is one, though UTF-16 (JavaScript's .length) counts two.
  const longestWide = titleOfLength(MAX_TITLE_LENGTH, 'é🎉')
  const tooLong = titleOfLength(MAX_TITLE_LENGTH + 1)
  const accepted = async (title, what) => {
    const expected = `status 201 Created: the title has ${what}, and ${MAX_TITLE_LENGTH} are allowed`
    const res = await post({ title })
    return expectStatus(t, res, [201, 200], { expected }) && expectJsonBody(t, res, { expected }) && expectBodyMatches(t, res, { title }, { expected })
  }
  ;(await accepted(longest, `exactly ${MAX_TITLE_LENGTH} characters`)) &&
    (await accepted(longestWide, `exactly ${MAX_TITLE_LENGTH} characters, some of them emoji (an emoji is one character, though JavaScript's .length counts 2)`)) &&
    expectRejected(t, await post({ title: tooLong }), `the title has ${MAX_TITLE_LENGTH + 1} characters (${MAX_TITLE_LENGTH} at most)`)
})

test('5. POST /todos rejects a non-string title with 400', async t => {
  expectRejected(t, await post({ title: 42 }), 'the title is not a string') &&
    expectRejected(t, await post({ title: null }), 'the title is null, not a string') &&
    expectRejected(t, await post({ title: ['Buy milk'] }), 'the title is an array, not a string')
})

test('5. POST /todos rejects a non-boolean completed with 400', async t => {
  for (const completed of NOT_BOOLEANS) {
    const res = await post({ title: randomTitle(), completed })
    if (!expectRejected(t, res, `completed is ${JSON.stringify(completed)}, not true or false`)) return
  }
})

test('5. POST /todos rejects malformed JSON with 400', async t => {
  expectRejected(t, await malformedJson('POST', '/todos'), 'the body is not valid JSON')
})

test('5. POST /todos rejects a body that is not a JSON object with 400', async t => {
  for (const body of NOT_OBJECTS) {
    if (!expectRejected(t, await post(body), `the body ${JSON.stringify(body)} is valid JSON but not an object`)) return
  }
})

test('5. PATCH /todos/:id rejects an empty title with 400', async t => {
  const todo = await createTodo(t)
  if (todo) expectRejected(t, await patch(todo.id, { title: '' }), 'the title is empty')
})

test('5. PATCH /todos/:id rejects a whitespace-only, too long or non-string title with 400', async t => {
  const todo = await createTodo(t)
  if (!todo) return
  const cases = [
    [{ title: ' \t ' }, 'the title is only whitespace'],
    [{ title: titleOfLength(MAX_TITLE_LENGTH + 1) }, `the title has ${MAX_TITLE_LENGTH + 1} characters (${MAX_TITLE_LENGTH} at most)`],
    [{ title: 42 }, 'the title is not a string'],
  ]
  for (const [change, because] of cases) {
    if (!expectRejected(t, await patch(todo.id, change), because)) return
  }
})

test('5. PATCH /todos/:id rejects a non-boolean completed with 400', async t => {
  const todo = await createTodo(t)
  if (!todo) return
  for (const completed of NOT_BOOLEANS) {
    if (!expectRejected(t, await patch(todo.id, { completed }), `completed is ${JSON.stringify(completed)}, not true or false`)) return
  }
})

test('5. PATCH /todos/:id rejects malformed JSON with 400', async t => {
  const todo = await createTodo(t)
  if (todo) expectRejected(t, await malformedJson('PATCH', todoPath(todo.id)), 'the body is not valid JSON')
})

test('5. PATCH /todos/:id rejects a body that is not a JSON object with 400', async t => {
  const todo = await createTodo(t)
  if (!todo) return
  for (const body of NOT_OBJECTS) {
    if (!expectRejected(t, await patch(todo.id, body), `the body ${JSON.stringify(body)} is valid JSON but not an object`)) return
  }
})

test('5. A rejected POST or PATCH changes nothing', async t => {
  // Only requests the server rejects are followed up: accepting them is what the tests above report.
  const title = randomTitle()
  const rejectedPost = await post({ title, completed: 'yes' })
  if (rejectedPost.status >= 400 && rejectedPost.status < 500) {
    const expected = `GET /todos without a todo titled ${JSON.stringify(title)}: the POST that sent it was rejected with ${rejectedPost.status}`
    const res = await listTodos(t, expected)
    if (!res) return
    const made = res.json.find(item => item?.title === title)
    const ok = expectThat(t, res, made === undefined, {
      message: `GET /todos lists a todo titled ${preview(title)}, created by a POST that answered ${rejectedPost.status}, expected a rejected POST to create nothing`,
      expected,
      pass: 'the rejected POST created nothing',
    })
    if (!ok) return
  } else {
    t.pass(`POST /todos with completed "yes" answered ${rejectedPost.status} (reported by another test)`)
  }

  const todo = await createTodo(t, { completed: false })
  if (!todo) return
  // Both orders of the fields: a server may check one field only after it has stored the other.
  const changes = [
    { title: randomTitle(), completed: 'yes' },
    { completed: true, title: '   ' },
  ]
  for (const change of changes) {
    const res = await patch(todo.id, change)
    if (res.status < 400 || res.status >= 500) {
      t.pass(`PATCH with ${JSON.stringify(change)} answered ${res.status} (reported by another test)`)
      continue
    }
    const after = await request({ path: todoPath(todo.id) })
    const expected = `status 200 OK and the todo unchanged, because the PATCH ${JSON.stringify(change)} before was rejected with ${res.status}:\n${describeShape(todo)}`
    const ok =
      expectStatus(t, after, 200, { expected }) &&
      expectJsonBody(t, after, { expected }) &&
      expectBodyMatches(t, after, todo, { expected })
    if (!ok) return
  }
})

// 6. Unknown routes and headers

test('6. Unknown routes answer 404', async t => {
  for (const path of ['/does-not-exist', '/todos-archive', `${todoPath(UNKNOWN_ID)}/comments`]) {
    const res = await request({ path })
    if (!expectNotFound(t, res, `the API has no ${path} route`)) return
  }
})

test('6. JSON responses carry Content-Type: application/json', async t => {
  const created = await post({ title: randomTitle() })
  const ok =
    expectStatus(t, created, [201, 200]) &&
    expectJson(t, created) &&
    expectBodyMatches(t, created, { id: anyId })
  if (!ok) return
  const id = created.json.id
  const requests = [
    { path: '/todos' },
    { path: todoPath(id) },
    { method: 'PATCH', path: todoPath(id), json: { completed: true } },
    { method: 'POST', path: '/todos', json: { title: '' } },
    { path: todoPath(UNKNOWN_ID) },
    { path: '/does-not-exist' },
  ]
  for (const options of requests) {
    if (!expectJson(t, await request(options))) return
  }
})
