import { connect, createServer, type Server, type Socket } from 'node:net'
import { rm } from 'node:fs/promises'

export type Endpoint = { path: string } | { host: string, port: number }

/**
 * A byte-for-byte proxy in front of a socket (the Docker daemon's, or PostgreSQL's port) that a
 * drill or a test can take down and bring back, as the daemon behind it would go and come back,
 * without touching the real service that others use. Down: the listener is closed (a unix
 * socket's file removed, so clients get ENOENT as from a stopped dockerd) and every open
 * connection is cut; up: it listens again.
 */
export interface StreamProxy {
  endpoint: Endpoint
  up: () => Promise<void>
  down: () => Promise<void>
  isUp: () => boolean
  close: () => Promise<void>
}

/** `listen` on port 0 takes a free port, which it keeps when it comes back up. */
export async function startStreamProxy (where: Endpoint, target: Endpoint): Promise<StreamProxy> {
  const listen = { ...where }
  const open = new Set<Socket>()
  let server: Server | undefined

  const up = async (): Promise<void> => {
    if (server !== undefined) return
    if ('path' in listen) await rm(listen.path, { force: true })
    // Half-open both ways: Docker's attach closes stdin (its write side) and still reads output.
    const s = createServer({ allowHalfOpen: true }, (client) => {
      const upstream = connect({ ...target, allowHalfOpen: true })
      open.add(client)
      open.add(upstream)
      const end = (): void => {
        client.destroy()
        upstream.destroy()
        open.delete(client)
        open.delete(upstream)
      }
      client.on('error', end).on('close', end)
      upstream.on('error', end).on('close', end)
      client.pipe(upstream)
      upstream.pipe(client)
    })
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject)
      if ('path' in listen) s.listen(listen.path, resolve)
      else s.listen(listen.port, listen.host, resolve)
    })
    const address = s.address()
    if (!('path' in listen) && typeof address === 'object' && address !== null) listen.port = address.port
    server = s
  }

  const down = async (): Promise<void> => {
    const s = server
    server = undefined
    if (s === undefined) return
    const closed = new Promise<void>((resolve) => { s.close(() => { resolve() }) })
    for (const socket of open) socket.destroy()
    open.clear()
    await closed
    if ('path' in listen) await rm(listen.path, { force: true })
  }

  await up()
  return { endpoint: listen, up, down, isUp: () => server !== undefined, close: down }
}
