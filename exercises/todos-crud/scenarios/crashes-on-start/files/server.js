// Scenario: the server throws before it gets to listen().
import { createServer } from 'node:http'

const todos = JSON.parse(process.env.INITIAL_TODOS) // undefined in the sandbox: throws

const server = createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(todos))
})
server.listen(Number(process.env.PORT) || 3000)
