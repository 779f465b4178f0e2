/**
 * Outages of what the worker stands on (the Docker daemon, PostgreSQL, Redis) are nobody's fault
 * and no verdict: the grading is put back untouched and the worker takes no new job until the
 * dependency answers again. This module tells such failures from the others, and probes.
 */
import { request } from 'node:http'
import type { Logger } from 'pino'
import type { DockerEngine, SandboxContainer } from '../platform/docker/docker-engine.js'
import type { Pool } from '../platform/db/pool.js'
import { InfraDown, type Dependency } from './grading-errors.js'

/** Socket-level failures: the other end is not there, or went away mid-request. */
const NETWORK_CODES = new Set(['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])

/**
 * SQLSTATEs of a server that is not there for us: class 08 (connection exceptions), and
 * 57P01-57P03 (admin or crash shutdown, "the database system is starting up").
 */
const PG_UNAVAILABLE = /^(08...|57P0[123])$/
const PG_CLIENT_MESSAGES = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed and is not queryable/i
const REDIS_MESSAGES = /Connection is closed|Stream isn't writeable|MaxRetriesPerRequest/i
/** What dockerd answers while it stops or before containerd is up: the daemon, not the request. */
const DOCKER_DOWN_MESSAGES = /socket hang up|shutting down|connection refused|containerd.*(not running|unavailable)|connect E[A-Z]+ /i

interface ErrorShape { code?: unknown, syscall?: unknown, statusCode?: unknown, message?: unknown, name?: unknown, cause?: unknown }

/** A socket error: ENOENT only from connect() (a missing socket file), not a missing file. */
function isNetworkError (e: ErrorShape): boolean {
  if (typeof e.code !== 'string' || !NETWORK_CODES.has(e.code)) return false
  return e.code !== 'ENOENT' || e.syscall === 'connect'
}

/** Whether an error from a dockerode call means the daemon was unreachable (not an answer it gave). */
export function isDockerUnavailable (err: unknown): boolean {
  if (err instanceof InfraDown) return err.dependency === 'docker'
  const e = (err ?? {}) as ErrorShape
  const message = typeof e.message === 'string' ? e.message : ''
  // An HTTP status is the daemon answering; only a failing one about itself counts.
  if (typeof e.statusCode === 'number') return e.statusCode >= 500 && /shutting down|containerd/i.test(message)
  return isNetworkError(e) || DOCKER_DOWN_MESSAGES.test(message)
}

/**
 * Which dependency an error the grading threw says is down, or undefined when it is some other
 * failure. Docker's are tagged where they happen (guardEngine), so what remains of socket errors
 * in the processor comes from PostgreSQL, the only other thing it talks to (Redis only through
 * BullMQ, whose own errors are recognised by their messages).
 */
export function classifyInfraError (err: unknown): Dependency | undefined {
  if (err instanceof InfraDown) return err.dependency
  const e = (err ?? {}) as ErrorShape
  const message = typeof e.message === 'string' ? e.message : ''
  if (typeof e.code === 'string' && PG_UNAVAILABLE.test(e.code)) return 'postgres'
  if (PG_CLIENT_MESSAGES.test(message)) return 'postgres'
  if (REDIS_MESSAGES.test(message) || e.name === 'MaxRetriesPerRequestError') return 'redis'
  if (isNetworkError(e)) return 'postgres'
  if (e.cause !== undefined && e.cause !== err) return classifyInfraError(e.cause)
  return undefined
}

/** Remembers when the worker last saw the Docker daemon unreachable. */
export interface DockerFaults {
  /** performance.now() of the last failure, or -Infinity. */
  lastAt: () => number
  note: () => void
}

export function createDockerFaults (): DockerFaults {
  let last = -Infinity
  return { lastAt: () => last, note: () => { last = performance.now() } }
}

/**
 * The engine, with every failure to reach the daemon turned into InfraDown('docker') and noted,
 * so a pod that lost the daemon half-way is retried, not judged on what it saw.
 */
export function guardEngine (engine: DockerEngine, faults: DockerFaults, socketPath: string): DockerEngine {
  const guard = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    try {
      return await fn(...args)
    } catch (err) {
      if (!isDockerUnavailable(err)) throw err
      faults.note()
      throw err instanceof InfraDown ? err : new InfraDown('docker', (err as Error).message, { cause: err })
    }
  }
  const guardContainer = (c: SandboxContainer): SandboxContainer => ({
    ...c,
    start: guard(c.start),
    kill: guard(c.kill),
    signal: guard(c.signal),
    remove: guard(c.remove),
    // Docker answers a wait only while the connection lasts: an exit it could not report (-1) is
    // the connection's, and noted as such. dockerode's own wait never settles when the connection
    // is cut after Docker's headers (the daemon stopped or crashed): a second wait of ours says so.
    exited: Promise.race([c.exited, connectionLost(socketPath, c.id)]).then((exit) => {
      if (exit.exitCode === -1) faults.note()
      return exit
    })
  })
  return {
    ...engine,
    create: guard(async (...args: Parameters<DockerEngine['create']>) => guardContainer(await engine.create(...args))),
    ping: guard(engine.ping),
    listByLabel: guard(engine.listByLabel),
    removeContainer: guard(engine.removeContainer)
  }
}

/**
 * Waits for the container's next exit on a connection of its own, and resolves (exit code -1)
 * only if that connection fails before the daemon reports the exit; a reported exit is left to
 * the engine's own wait, which also reads whether the kernel killed it for memory.
 */
async function connectionLost (socketPath: string, id: string): Promise<{ exitCode: number, oomKilled: boolean }> {
  return await new Promise((resolve) => {
    const lost = (): void => { resolve({ exitCode: -1, oomKilled: false }) }
    const req = request({ socketPath, path: `/containers/${id}/wait?condition=next-exit`, method: 'POST' }, (res) => {
      if (res.statusCode !== 200) { res.resume(); return }
      res.on('data', () => {})
      res.on('error', () => {})
      res.on('close', () => { if (!res.complete) lost() })
    })
    req.on('error', lost)
    // A wait left open (a container nobody removes) must not keep the process alive.
    req.on('socket', (socket) => { socket.unref() })
    req.end()
  })
}

/**
 * Runs a boot step (migrations, the first ping of Docker) until it gets past an outage: a worker
 * started while a dependency is down waits for it instead of exiting. Other errors are thrown.
 */
export async function whenAvailable<T> (step: string, work: () => Promise<T>, logger: Logger, maxWaitMs = 2000): Promise<T> {
  let wait = 250
  for (;;) {
    try {
      return await work()
    } catch (err) {
      const dependency = classifyInfraError(err)
      if (dependency === undefined) throw err
      logger.warn({ err: (err as Error).message, dependency, step }, 'a dependency is down at start: waiting for it')
      await new Promise((resolve) => setTimeout(resolve, wait))
      wait = Math.min(maxWaitMs, wait * 2)
    }
  }
}

/** Asks the daemon's /_ping over its socket, with a short timeout: true when it answers OK. */
export async function dockerAnswers (socketPath: string, timeoutMs = 2000): Promise<boolean> {
  return await new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume()
      resolve(res.statusCode === 200)
    })
    req.on('timeout', () => { req.destroy(); resolve(false) })
    req.on('error', () => { resolve(false) })
    req.end()
  })
}

export async function postgresAnswers (pool: Pool): Promise<boolean> {
  return await pool.query('SELECT 1').then(() => true, () => false)
}

export interface RedisLike { ping: () => Promise<unknown>, status: string }

export async function redisAnswers (redis: RedisLike, timeoutMs = 2000): Promise<boolean> {
  if (redis.status !== 'ready') return false
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<boolean>((resolve) => { timer = setTimeout(() => { resolve(false) }, timeoutMs) })
  try {
    return await Promise.race([redis.ping().then(() => true, () => false), timeout])
  } finally {
    clearTimeout(timer)
  }
}

export interface Pausable {
  pause: (doNotWaitActive?: boolean) => Promise<void>
  resume: () => void
}

export interface InfraHealth {
  /** Is this dependency answering now? */
  probe: (dependency: Dependency) => Promise<boolean>
  /**
   * A grading met this dependency down: the worker takes no new job (resolves once paused) and
   * is resumed when every dependency that went down answers again.
   */
  down: (dependency: Dependency) => Promise<void>
  /** Whether the worker is paused for an outage now. */
  paused: () => boolean
  /** The worker to pause; set once it exists (the processor is built before it). */
  attach: (worker: Pausable) => void
  close: () => void
}

export interface InfraHealthOptions {
  probes: Record<Dependency, () => Promise<boolean>>
  logger: Logger
  /** First wait between probes; it doubles up to maxProbeMs. */
  firstProbeMs?: number
  maxProbeMs?: number
}

/**
 * Pauses the worker while a dependency is down and resumes it when a probe says it is back,
 * probing with backoff. Several gradings meeting the same outage cause one pause.
 */
export function createInfraHealth (options: InfraHealthOptions): InfraHealth {
  const { probes, logger } = options
  const first = options.firstProbeMs ?? 250
  const max = options.maxProbeMs ?? 2000
  let worker: Pausable | undefined
  const down = new Set<Dependency>()
  let recovering: Promise<void> | undefined
  let closed = false
  let wake: (() => void) | undefined

  const sleep = async (ms: number): Promise<void> => {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      wake = () => { clearTimeout(timer); resolve() }
    })
    wake = undefined
  }

  // Waits for the pause first: a resume that came before it would be undone by it.
  const recover = async (pausing: Promise<void>): Promise<void> => {
    await pausing.catch(() => {})
    const since = Date.now()
    let wait = first
    // eslint-disable-next-line no-unmodified-loop-condition -- close() sets it while this awaits
    while (!closed && down.size > 0) {
      await sleep(wait)
      for (const dependency of [...down]) {
        if (await probes[dependency]().catch(() => false)) down.delete(dependency)
      }
      wait = Math.min(max, wait * 2)
    }
    // In the same tick as the loop's last check: an outage reported from now on starts a new recovery.
    recovering = undefined
    if (closed) return
    logger.warn({ downForMs: Date.now() - since }, 'dependencies answer again: taking jobs')
    worker?.resume()
  }

  return {
    probe: async (dependency) => await probes[dependency]().catch(() => false),
    async down (dependency) {
      if (!down.has(dependency)) logger.warn({ dependency }, 'a dependency is down: taking no new job until it answers')
      down.add(dependency)
      const pausing = worker?.pause(true) ?? Promise.resolve()
      recovering ??= recover(pausing)
      await pausing
    },
    paused: () => recovering !== undefined,
    attach (w) { worker = w },
    close () { closed = true; wake?.() }
  }
}
