// Logs are bounded and rotated: a client sending long requests adds a bounded amount per
// request, and the file rolls over at its size limit, keeping a few files. The real API, logging
// through the real pino-roll transport into a folder of the test's own.
import { lstat, readdir, readFile, readlink, stat } from 'node:fs/promises'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { symbols } from 'pino'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../services/api/app.js'
import { capString, createLogger } from '../../services/platform/logger.js'
import { isolatedConfig } from '../helpers/test-config.js'

/** Closes the app, then its log transport, so that every line is on disk. */
async function closeAndFlush (app: FastifyInstance): Promise<void> {
  await app.close()
  await endLog(app.log)
}

/**
 * Ends a logger's transport and waits until its thread has written everything. The transport's
 * thread is unref'd, so a timer keeps the test's process alive meanwhile.
 */
async function endLog (logger: unknown): Promise<void> {
  const stream = transportOf(logger)
  const alive = setInterval(() => {}, 1000)
  try {
    await new Promise((resolve) => { stream.once('close', resolve); stream.end() })
  } finally {
    clearInterval(alive)
  }
}

async function logReady (logger: unknown): Promise<void> {
  const stream = transportOf(logger)
  if (stream.ready) return
  const alive = setInterval(() => {}, 1000)
  await new Promise((resolve) => stream.once('ready', resolve)).finally(() => { clearInterval(alive) })
}

/** pino's transport stream (a thread-stream) behind a logger. */
function transportOf (logger: unknown): NodeJS.EventEmitter & { ready: boolean, end: () => void } {
  const stream = (logger as Record<symbol, (NodeJS.EventEmitter & { ready: boolean, end: () => void }) | undefined>)[symbols.streamSym]
  if (stream === undefined) throw new Error('the logger has no transport')
  return stream
}

/** The log files in `dir` (not the current.log link), with their sizes. */
async function logFiles (dir: string): Promise<Array<{ name: string, size: number }>> {
  const names = (await readdir(dir)).filter((n) => n !== 'current.log').sort((a, b) => number(a) - number(b))
  return await Promise.all(names.map(async (name) => ({ name, size: (await stat(join(dir, name))).size })))
}
const number = (name: string): number => Number(/\.(\d+)\.log$/.exec(name)?.[1] ?? -1)

async function loggingApp (t: Test, settings: Record<string, string>): Promise<{ app: FastifyInstance, dir: string }> {
  const dir = t.testdir()
  const config = await isolatedConfig(t, { LOG_LEVEL: 'info', LOG_FILE: join(dir, 'api.log'), ...settings })
  return { app: await buildApp(config), dir }
}

const longQuery = (i: number): string => `/api/v1/nothing-here?q=${'x'.repeat(15 * 1024)}&i=${i}`

t.test('100 unauthenticated requests with 15 KB query strings add a bounded amount to the log', async (t) => {
  const { app, dir } = await loggingApp(t, {})
  const statuses = new Set<number>()
  for (let i = 0; i < 100; i++) statuses.add((await app.inject({ url: longQuery(i), headers: { host: `h${'o'.repeat(4000)}st` } })).statusCode)
  t.same([...statuses], [404])
  await closeAndFlush(app)
  const files = await logFiles(dir)
  const total = files.reduce((sum, f) => sum + f.size, 0)
  // Unbounded, each request logged its 15 KB URL twice over (1.5 MB+ for 100); now ~2 lines of ~1.5 KB.
  t.ok(total < 100 * 4 * 1024, `100 requests added ${total} bytes`)
  const lines = (await readFile(join(dir, files[0]?.name ?? ''), 'utf8')).trim().split('\n')
  const longest = Math.max(...lines.map((l) => Buffer.byteLength(l)))
  t.ok(longest < 2048, `the longest line is ${longest} bytes`)
  const incoming = lines.map((l) => JSON.parse(l) as { msg: string, req?: { url: string, host: string } }).find((l) => l.req !== undefined)
  t.match(incoming?.req?.url, /^\/api\/v1\/nothing-here\?q=x{100,}… \[cut: \d{5} characters\]$/, 'the URL is cut, saying how long it was')
  t.match(incoming?.req?.host, /… \[cut: 4003 characters\]$/, 'so is the Host header')
})

t.test('the log rotates at its size limit and keeps LOG_FILE_KEEP files', async (t) => {
  const max = 16 * 1024
  const { app, dir } = await loggingApp(t, { LOG_FILE_MAX_BYTES: String(max), LOG_FILE_KEEP: '3' })
  // Lines logged before the transport's thread is up reach the file as one batch; pino-roll rolls
  // between batches, so this test of the limit starts once it runs (the API starts long before
  // a flood can).
  await logReady(app.log)
  // Over HTTP, as a client would send them (each request passes through the event loop).
  const base = await app.listen({ host: '127.0.0.1', port: 0 })
  const statuses = new Set<number>()
  for (let i = 0; i < 300; i++) statuses.add((await fetch(base + longQuery(i))).status)
  t.same([...statuses], [404])
  await closeAndFlush(app)
  const files = await logFiles(dir)
  t.equal(files.length, 3, `kept ${files.map((f) => `${f.name} (${f.size} bytes)`).join(', ')}`)
  t.ok(number(files.at(-1)?.name ?? '') > 3, 'it rolled over more than twice: the oldest files were deleted')
  for (const f of files.slice(0, -1)) {
    // pino-roll rolls after the write that reaches the limit. A write is what the transport's
    // thread found waiting: 16 KiB or less on a quiet host, a few times that when the host keeps
    // the thread from running (a busy CI host wrote 55 KB at once).
    t.ok(f.size >= max && f.size <= max + 64 * 1024, `${f.name} rolled at ${f.size} bytes`)
  }
  t.ok((await lstat(join(dir, 'current.log'))).isSymbolicLink())
  t.equal(await readlink(join(dir, 'current.log')), files.at(-1)?.name, 'current.log points at the file in use')
})

t.test('the worker logs through the same caps', async (t) => {
  const dir = t.testdir()
  const logger = createLogger('info', 'worker', { LOG_FILE: join(dir, 'worker.log'), LOG_VALUE_MAX_CHARS: 100 })
  const err = new Error(`grader said ${'y'.repeat(10_000)}`)
  logger.error({ err, output: 'z'.repeat(10_000), nested: { deeper: ['w'.repeat(10_000)] } }, `message ${'m'.repeat(10_000)}`)
  await endLog(logger)
  const [file] = await logFiles(dir)
  const text = await readFile(join(dir, file?.name ?? ''), 'utf8')
  t.ok(Buffer.byteLength(text) < 2048, `one line of ${Buffer.byteLength(text)} bytes`)
  const line = JSON.parse(text) as { msg: string, output: string, nested: { deeper: string[] }, err: { message: string, stack: string } }
  t.match(line.msg, /^message m+… \[cut: 10008 characters\]$/)
  t.match(line.output, /^z{100}… \[cut: 10000 characters\]$/)
  t.match(line.nested.deeper[0], /^w{100}… \[cut/)
  t.match(line.err.message, /^grader said y+… \[cut: 10012 characters\]$/)
  t.match(line.err.stack, /… \[cut/)
})

t.test('a cut never splits a surrogate pair', async (t) => {
  t.equal(capString('ab😀cd', 3), 'ab… [cut: 6 characters]')
  t.equal(capString('short', 10), 'short')
})
