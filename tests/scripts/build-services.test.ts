// scripts/build-services.mjs: the bundles production runs, started as `npm run up` starts them
// (plain node, no tsx) against the real Postgres, Redis and Docker, each with a database and queue
// of its own. In a bundle every module's import.meta.url is the bundle's, so this is where a file
// found relative to its own module (the exercises, the migrations, the web app) would go missing.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import pg from 'pg'
import t, { type Test } from 'tap'
import { repoRoot } from '../../services/platform/config.js'
import { isolatedConfig, QUIET_HOST_STAT } from '../helpers/test-config.js'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
// A few seconds on a quiet host; the bound is for a host the rest of the suite keeps busy.
const BOOT_TIMEOUT_MS = 60_000

/** Builds into a folder of this test file's own, inside the repository (the bundles import its node_modules). */
async function buildInto (t: Test): Promise<{ outdir: string, stdout: string }> {
  const outdir = join(ROOT, '.build', `test-build-services-${randomBytes(4).toString('hex')}`)
  t.teardown(async () => { await rm(outdir, { recursive: true, force: true }) })
  const { stdout } = await run(process.execPath, ['scripts/build-services.mjs', '--outdir', outdir], { cwd: ROOT })
  return { outdir, stdout }
}

/** The environment of a production process: this test's database and queue, and no tsx loader inherited from tap. */
async function productionEnv (t: Test, extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
  const config = await isolatedConfig(t)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: config.DATABASE_URL,
    REDIS_URL: config.REDIS_URL,
    QUEUE_NAME: config.QUEUE_NAME,
    HOST_STAT_PATH: QUIET_HOST_STAT,
    LOG_LEVEL: 'info',
    LOG_FILE: '',
    ...extra
  }
  // The defaults are what is tested: the repository's exercises, found from the bundle.
  delete env.NODE_OPTIONS
  delete env.EXERCISES_DIR
  return env
}

/** Starts a bundle with node; resolves once `ready` has returned something for its output so far. */
async function start<T> (t: Test, file: string, env: NodeJS.ProcessEnv, ready: (stdout: string) => Promise<T | undefined>): Promise<{ child: ChildProcess, found: T }> {
  const child = spawn(process.execPath, ['--enable-source-maps', file], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { resolve(code) }))
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await exited
  })
  const deadline = Date.now() + BOOT_TIMEOUT_MS
  while (Date.now() < deadline) {
    const found = await ready(output)
    if (found !== undefined) return { child, found }
    if (child.exitCode !== null) throw new Error(`${file} exited with ${child.exitCode} before it was ready:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${file} was not ready within ${BOOT_TIMEOUT_MS} ms:\n${output}`)
}

/** SIGTERM, as `npm run down` sends it: the process closes itself and exits 0. */
async function stop (child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { resolve(code) }))
  child.kill('SIGTERM')
  return await exited
}

t.test('under tsx (tests, `npm run dev:*`) the repository\'s root is found from config.ts itself', async (t) => {
  t.equal(repoRoot, ROOT)
})

// One build for every test below (a second or two on a loaded host).
let built = { outdir: '', stdout: '' }
t.before(async () => { built = await buildInto(t) })

t.test('the built API boots against the real services and answers from the repository\'s files', async (t) => {
  t.match(built.stdout, /services: built .*api\.js.*worker\.js.*migrate\.js.*admin\.js/, 'every entry point is built')
  const env = await productionEnv(t, { HOST: '127.0.0.1', PORT: '0' })
  const { child, found: api } = await start(t, join(built.outdir, 'api.js'), env,
    async (output) => /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1])

  const health = await fetch(`${api}/health`)
  t.equal(health.status, 200, 'GET /health answers 200')
  t.match(await health.json(), { status: 'ok', checks: { postgres: { ok: true }, redis: { ok: true }, docker: { ok: true } } })

  const list = await (await fetch(`${api}/api/v1/exercises`)).json() as { exercises: Array<{ slug: string }> }
  t.ok(list.exercises.some((e) => e.slug === 'todos-crud'), 'the exercises are loaded from the repository\'s exercises/ (migrations ran, EXERCISES_DIR default)')

  const page = await fetch(`${api}/`)
  t.equal(page.status, 200, 'the web app is served from services/web/dist (scripts/setup.sh builds it)')
  t.match(await page.text(), /<html/i)

  t.equal(await stop(child), 0, 'SIGTERM closes it cleanly')
})

t.test('the built worker starts, logs that it is ready to its rotated log file, and stops', async (t) => {
  const logFile = join(built.outdir, 'logs', 'worker.log')
  // SQL_WARM_PODS=0: no pods started for a worker that takes no job.
  const env = await productionEnv(t, { LOG_FILE: logFile, SQL_WARM_PODS: '0' })
  const current = join(built.outdir, 'logs', 'current.log')
  const { child, found: line } = await start(t, join(built.outdir, 'worker.js'), env, async () => {
    const text = await readFile(current, 'utf8').catch(() => '')
    return text.split('\n').find((l) => l.includes('"msg":"worker ready"'))
  })
  t.match(JSON.parse(line), { name: 'worker', queue: env.QUEUE_NAME, msg: 'worker ready' }, 'pino-roll, found from the bundle, writes the log')
  t.equal(await stop(child), 0, 'SIGTERM closes it cleanly')
})

t.test('the built migration and admin commands run', async (t) => {
  const env = await productionEnv(t)
  const migrated = await run(process.execPath, [join(built.outdir, 'migrate.js')], { cwd: ROOT, env })
  t.match(migrated.stdout, /database schema is up to date/)
  const db = new pg.Client({ connectionString: env.DATABASE_URL })
  await db.connect()
  try {
    const { rows } = await db.query<{ version: string }>('SELECT max(version)::text AS version FROM schema_version')
    t.ok(Number(rows[0]?.version) > 1, 'the migrations were found in services/platform/db/migrations and applied')
  } finally {
    await db.end()
  }
  const token = await run(process.execPath, [join(built.outdir, 'admin.js'), 'sample-token'], { cwd: ROOT, env })
  t.match(token.stdout.trim(), /^\S{20,}$/, 'sample-token prints a token, as scripts/up.sh reads it')
})

t.test('a folder outside the repository is refused: its bundles could not find node_modules', async (t) => {
  const failed = await run(process.execPath, ['scripts/build-services.mjs', '--outdir', '/tmp/backlab-dist-outside'], { cwd: ROOT })
    .then(() => undefined, (err: { code: number, stderr: string }) => err)
  t.equal(failed?.code, 1)
  t.match(failed?.stderr, /not a folder inside the repository/)
})
