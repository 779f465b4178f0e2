// Real servers on 127.0.0.1 for the grader library's tests, closed when the test ends.
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo, Socket } from 'node:net'
import type { Test as Tap } from 'tap'

/** Listens on a free port of 127.0.0.1; closes the server and every open connection in teardown. */
export async function listen (t: Tap, server: net.Server): Promise<URL> {
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  t.teardown(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
}

export async function httpServer (t: Tap, handler: http.RequestListener): Promise<URL> {
  return await listen(t, http.createServer(handler))
}

/** A raw TCP server: the test decides every byte (or silence) the client gets. */
export async function tcpServer (t: Tap, onConnection: (socket: Socket) => void): Promise<URL> {
  return await listen(t, net.createServer(onConnection))
}

/** A port nothing listens on (was free a moment ago). */
export async function closedPort (): Promise<URL> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return new URL(`http://127.0.0.1:${port}`)
}

export interface Received {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: Buffer
}

/** Reads a request's body in full. */
export async function receive (req: http.IncomingMessage): Promise<Received> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) }
}
