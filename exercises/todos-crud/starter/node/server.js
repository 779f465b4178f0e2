// Your todo API. Run it with: PORT=3000 node server.js
// Read instructions.md for what each route must do; the grader checks them one by one.
import { createServer } from 'node:http'

// Keep your todos in memory, e.g. in a Map or an array.

function sendJson(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(body))
}

function notImplemented(req, res) {
  sendJson(res, 501, { error: `${req.method} ${req.url} is not implemented yet` })
}

const server = createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost')
  const [, id] = /^\/todos\/([^/]+)$/.exec(pathname) ?? []

  if (pathname === '/todos' && req.method === 'POST') {
    // Task 1: read the JSON body, create the todo, answer 201 with a Location header.
    return notImplemented(req, res)
  }
  if (pathname === '/todos' && req.method === 'GET') {
    // Task 2: answer 200 with every todo, in creation order.
    return notImplemented(req, res)
  }
  if (id !== undefined && req.method === 'GET') {
    // Task 2: answer 200 with the todo, or 404 if there is none with this id.
    return notImplemented(req, res)
  }
  if (id !== undefined && req.method === 'PATCH') {
    // Task 3: change only the fields in the body, answer 200 with the whole todo.
    return notImplemented(req, res)
  }
  if (id !== undefined && req.method === 'DELETE') {
    // Task 4: remove the todo, answer 204 with no body.
    return notImplemented(req, res)
  }
  // Task 6: every other route answers 404.
  sendJson(res, 404, { error: `no route for ${req.method} ${pathname}` })
})

// No host argument: the server then accepts connections on every interface, 127.0.0.1 included.
const port = Number(process.env.PORT) || 3000
server.listen(port, () => console.log(`todos API listening on port ${port}`))
