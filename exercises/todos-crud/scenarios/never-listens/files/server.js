// Scenario: the server is built but listen() is never called; the process stays alive.
import { createServer } from 'node:http'

const server = createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' })
  res.end('[]')
})
console.log('server ready', server.listening)

// Keeps the process running, as a server would, without ever accepting a connection.
setInterval(() => {}, 1000)
