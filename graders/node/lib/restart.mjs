// Restarting the learner's server mid-suite (e.g. to prove data survives in the database).
//
// The grader cannot touch the learner's container, so it asks the worker: it prints
// `# backlab-restart-server <token>` on stdout, where <token> is BACKLAB_CONTROL_TOKEN, a value
// only the worker and this process know (the learner's code cannot forge the request through
// anything echoed into the TAP stream). The worker sends SIGHUP to the learner's container, whose
// supervisor stops the app's process group and starts the same command again.
//
// To know that the old process is really gone (and not answer the next request from it), the
// grader holds a TCP connection open to the server before asking: the kernel closes it when the
// old process exits. Then it waits until a live process answers on the port again.
import { connect } from 'node:net'
import { targetUrl } from './target.mjs'
import { noteTimedWait, scaled } from './timing.mjs'
import { restartLine } from './protocol.mjs'

const POLL_MS = 20

function openProbe(host, port, timeoutMs) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port })
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error('could not connect to the server before asking for a restart'))
    }, timeoutMs)
    socket.once('connect', () => {
      clearTimeout(timer)
      resolve(socket)
    })
    socket.once('error', error => {
      clearTimeout(timer)
      reject(new Error(`could not connect to the server before asking for a restart (${error.code ?? error.message})`))
    })
  })
}

/**
 * True once a live process serves the port. A bare connect is not enough: while the old process
 * exits, its listening socket can still accept a connection that is then reset. So a connection
 * counts only when it answers an HTTP request, or is still open after `holdMs` (a server slow to
 * answer, but alive).
 */
function servesRequests(host, port, holdMs = 500) {
  return new Promise(resolve => {
    const socket = connect({ host, port })
    let done = false
    const finish = ok => {
      if (done) return
      done = true
      clearTimeout(timer)
      socket.destroy()
      resolve(ok)
    }
    const timer = setTimeout(() => finish(true), holdMs)
    socket.once('connect', () => socket.write('HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'))
    socket.once('data', () => finish(true))
    socket.once('error', () => finish(false))
    socket.once('close', () => finish(false))
  })
}

/**
 * Restarts the learner's server and resolves once the new process accepts connections:
 * `{ ok: true, stoppedMs, readyMs }`, or `{ ok: false, reason }` in words a learner can act on
 * (the server did not come back within `readyTimeoutMs`). Throws only when the platform cannot
 * restart (no control token: the suite is not running in a Backlab pod).
 */
export async function restartServer({
  env = process.env,
  target = targetUrl(env),
  stopTimeoutMs = scaled(10_000, env),
  readyTimeoutMs = scaled(Number(env.BACKLAB_READY_TIMEOUT_MS || 5000), env),
  output = process.stdout,
} = {}) {
  const token = env.BACKLAB_CONTROL_TOKEN
  if (!token) throw new Error('restartServer() needs BACKLAB_CONTROL_TOKEN: it only works inside a Backlab pod')
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1')
  const port = Number(target.port || 80)

  const probe = await openProbe(host, port, 2000)
  const started = performance.now()
  const stopped = new Promise(resolve => {
    probe.once('close', () => resolve(true))
    probe.on('error', () => {})
  })
  // On its own line: the worker reads the grader's stdout line by line.
  output.write(restartLine(token))
  const gone = await Promise.race([stopped, new Promise(resolve => setTimeout(() => resolve(false), stopTimeoutMs).unref())])
  if (!gone) {
    noteTimedWait()
    probe.destroy()
    throw new Error(`the platform did not restart the server within ${stopTimeoutMs} ms`)
  }
  const stoppedMs = Math.round(performance.now() - started)
  const restarted = performance.now()
  while (performance.now() - restarted < readyTimeoutMs) {
    if (await servesRequests(host, port)) {
      return { ok: true, stoppedMs, readyMs: Math.round(performance.now() - restarted) }
    }
    await new Promise(resolve => setTimeout(resolve, POLL_MS))
  }
  noteTimedWait()
  return {
    ok: false,
    reason: `after the restart your server did not accept connections within ${readyTimeoutMs} ms — did it crash on its second start? (see the server log)`,
  }
}
