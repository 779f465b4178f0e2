import { createServer } from 'node:http'

function sendJson(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(body))
}

// Splits the URL by hand: "/hello?name=Ada" -> path "/hello", params { name: "Ada" }.
// Bug: nothing is ever decoded, so "Ada%20Lovelace" stays "Ada%20Lovelace".
function parse(url) {
  const [path, query = ''] = url.split('?')
  const params = {}
  for (const pair of query.split('&')) {
    if (!pair) continue
    const [key, value = ''] = pair.split('=')
    params[key] = value
  }
  return { path, params }
}

function greet(res, name) {
  if (name.length === 0 || [...name].length > 50) {
    return sendJson(res, 400, { error: 'name must be 1 to 50 characters long' })
  }
  sendJson(res, 200, { message: `Hello, ${name}!` })
}

const server = createServer((req, res) => {
  const { path, params } = parse(req.url)
  const isHelloName = path.startsWith('/hello/') && path.split('/').length === 3 && path !== '/hello/'
  const known = path === '/health' || path === '/hello' || isHelloName
  if (known && req.method !== 'GET') return sendJson(res, 405, { error: 'method not allowed' })
  if (path === '/health') return sendJson(res, 200, { status: 'ok' })
  if (path === '/hello') {
    if (params.name === undefined) return sendJson(res, 200, { message: 'Hello, world!' })
    return greet(res, params.name)
  }
  if (isHelloName) return greet(res, path.slice('/hello/'.length))
  sendJson(res, 404, { error: 'not found' })
})

server.listen(Number(process.env.PORT) || 3000)
