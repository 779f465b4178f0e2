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
const post = json => request({ method: 'POST', path: '/todos', json })
const patch = (id, json) => request({ method: 'PATCH', path: todoPath(id), json })
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
  for (let i = 0; i < 3; i++) {
    const res = await post({ title: randomTitle() })
    const ok =
      expectStatus(t, res, [201, 200]) &&
      expectJsonBody(t, res) &&
      expectBodyMatches(t, res, { id: anyId }) &&
      expectThat(t, res, !ids.includes(res.json.id), {
        message: `POST /todos returned id ${preview(res.json.id)} a second time, expected a new id`,
        expected: `an id that no other todo has (already taken: ${ids.map(id => preview(id)).join(', ')})`,
        pass: 'the new todo has a new id',
      })
    if (!ok) return
    ids.push(res.json.id)
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
  const res = await listTodos(t, expected)
  if (!res) return

  let previous
  for (const todo of created) {
    const index = indexOfTodo(res.json, todo.id)
    const ok =
      expectThat(t, res, index !== -1, {
        message: `GET /todos returned no todo with id ${preview(todo.id)}, expected it in the list`,
        expected,
      }) &&
      expectThat(t, res, previous === undefined || index > previous.index, {
        message: `GET /todos listed id ${preview(todo.id)} before id ${preview(previous?.id)}, expected creation order`,
        expected,
      }) &&
      expectBodyMatches(t, res, todo, { path: `body[${index}]`, value: res.json[index], expected })
    if (!ok) return
    previous = { id: todo.id, index }
  }
})

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
  expectNotFound(t, res, `no todo has id ${UNKNOWN_ID}`)
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

test('4. DELETE /todos/:id answers 404 for an unknown id', async t => {
  const res = await request({ method: 'DELETE', path: todoPath(UNKNOWN_ID) })
  expectNotFound(t, res, `no todo has id ${UNKNOWN_ID}`)
})

test('4. POST /todos does not reuse the id of a deleted todo', async t => {
  const kept = await createTodo(t)
  const deleted = kept && (await createTodo(t))
  // Deleting the newest todo is what trips both `todos.length + 1` and `max id + 1`.
  if (!deleted || !(await deleteTodo(t, deleted.id))) return
  const res = await post({ title: randomTitle() })
  const taken = new Map([
    [kept.id, 'an existing todo'],
    [deleted.id, 'a deleted todo'],
  ])
  expectStatus(t, res, [201, 200]) &&
    expectJsonBody(t, res) &&
    expectBodyMatches(t, res, { id: anyId }) &&
    expectThat(t, res, !taken.has(res.json.id), {
      message: `POST /todos returned id ${preview(res.json.id)}, the id of ${taken.get(res.json.id)}, expected a new id`,
      expected: `an id that no todo has had (not ${preview(kept.id)}, which exists, nor ${preview(deleted.id)}, just deleted)`,
      pass: 'the new todo has a new id',
    })
})

// 5. Validate input

test('5. POST /todos rejects a missing title with 400', async t => {
  expectRejected(t, await post({ completed: false }), 'the body has no title')
})

test('5. POST /todos rejects an empty or whitespace-only title with 400', async t => {
  expectRejected(t, await post({ title: '' }), 'the title is empty') &&
    expectRejected(t, await post({ title: '   ' }), 'the title is only whitespace')
})

test('5. POST /todos rejects a title longer than 200 characters with 400', async t => {
  const title = `${randomTitle()} `.padEnd(MAX_TITLE_LENGTH + 1, 'x')
  expectRejected(t, await post({ title }), `the title has ${title.length} characters (${MAX_TITLE_LENGTH} at most)`)
})

test('5. POST /todos rejects a non-string title with 400', async t => {
  expectRejected(t, await post({ title: 42 }), 'the title is not a string')
})

test('5. POST /todos rejects a non-boolean completed with 400', async t => {
  expectRejected(t, await post({ title: randomTitle(), completed: 'yes' }), 'completed is not true or false')
})

test('5. POST /todos rejects malformed JSON with 400', async t => {
  expectRejected(t, await malformedJson('POST', '/todos'), 'the body is not valid JSON')
})

test('5. PATCH /todos/:id rejects an empty title with 400', async t => {
  const todo = await createTodo(t)
  if (todo) expectRejected(t, await patch(todo.id, { title: '' }), 'the title is empty')
})

test('5. PATCH /todos/:id rejects a non-boolean completed with 400', async t => {
  const todo = await createTodo(t)
  if (todo) expectRejected(t, await patch(todo.id, { completed: 'yes' }), 'completed is not true or false')
})

test('5. PATCH /todos/:id rejects malformed JSON with 400', async t => {
  const todo = await createTodo(t)
  if (todo) expectRejected(t, await malformedJson('PATCH', todoPath(todo.id)), 'the body is not valid JSON')
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
  ]
  for (const options of requests) {
    if (!expectJson(t, await request(options))) return
  }
})
