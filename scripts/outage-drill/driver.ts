/**
 * The outage drill: N submissions in flight while, in turn, the worker is SIGKILLed and restarted,
 * Redis is SIGKILLed and restarted, PostgreSQL restarts (immediate shutdown, as in a crash) and the
 * Docker daemon stops for a few seconds; then every submission must end with its right verdict.
 *
 * Nothing shared is touched: the drill runs its own redis-server and PostgreSQL cluster (in a
 * temporary directory, on free ports), its own API and worker as child processes pointed at them
 * (their own queue), and puts a proxy it controls in front of the Docker socket: "the daemon
 * stops" is the proxy closing its socket and every connection, and the drill killing the
 * containers of its own submissions, as a stopping daemon would.
 *
 *   bash scripts/outage-drill.sh [--submissions N]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { killPodsOf, removePodsOf } from './kill-pods.js'
import { startStreamProxy } from './stream-proxy.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin'

export interface DrillOptions {
  submissions: number
  /** Where the drill reports its progress (`# drill:` lines are the figures). */
  log?: (line: string) => void
  /**
   * After the last fault, how long the drill waits with no submission finishing before it calls
   * the rest stuck (a long queue still draining is not stuck). Longer than a stalled job's lock.
   */
  settleTimeoutMs?: number
  /** Seconds the Docker daemon stays down. */
  dockerDownMs?: number
}

export interface FaultFigure { fault: string, downMs: number, recoveredMs?: number }

export interface DrillFigures {
  inFlight: number
  right: number
  lost: number
  stuck: number
  platformErrors: number
  wrong: number
  faults: FaultFigure[]
  totalMs: number
  /** Submissions whose verdict was not the expected one: id, expected, got. */
  mismatches: Array<{ id: string, expected: string, got: string }>
  /** The drill's directory, kept when the drill failed (logs of the API, worker, services). */
  dir?: string
}

/** Cheap gradings of the todos-crud exercise whose verdicts are known. */
const solution = await readFile(join(root, 'exercises/todos-crud/solution/node/server.js'), 'utf8')
const SCENARIOS: Array<{ verdict: string, server: string }> = [
  { verdict: 'tests_passed', server: solution },
  { verdict: 'tests_failed', server: solution.replace('send(res, 201, todo', 'send(res, 200, todo') },
  { verdict: 'server_did_not_start', server: "throw new Error('boom at start')\n" },
  { verdict: 'server_crashed', server: solution.replace("'DELETE'", "(process.exit(3), 'DELETE')") }
]

export async function runDrill (options: DrillOptions): Promise<DrillFigures> {
  const log = options.log ?? ((line: string) => { process.stdout.write(line + '\n') })
  const started = Date.now()
  const dir = await mkdtemp(join(tmpdir(), 'backlab-drill-'))
  await chmod(dir, 0o755)
  const children: ChildProcess[] = []
  const cleanups: Array<() => Promise<void>> = []
  let failed = true
  try {
    // --- private Redis and PostgreSQL, and the Docker proxy --------------------------------------
    const redisPort = await freePort()
    const redisDir = join(dir, 'redis')
    await mkdir(redisDir)
    const startRedis = (): ChildProcess => spawnLogged('redis-server', [
      '--port', String(redisPort), '--bind', '127.0.0.1', '--dir', redisDir, '--save', '',
      // As production runs it: the queue survives a restart (BullMQ's recommendation).
      '--appendonly', 'yes', '--appendfsync', 'everysec'
    ], join(dir, 'redis.log'), children)
    let redis = startRedis()
    await waitFor('redis', async () => redisPing(redisPort))

    const pgPort = await freePort()
    const postgres = await startPostgres(join(dir, 'pg'), pgPort)
    cleanups.push(postgres.stop)

    const dockerSocket = join(dir, 'docker.sock')
    const docker = await startStreamProxy({ path: dockerSocket }, { path: '/var/run/docker.sock' })
    cleanups.push(docker.close)

    // --- the API and the worker -------------------------------------------------------------------
    const apiPort = await freePort()
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      DATABASE_URL: `postgres://backlab@127.0.0.1:${pgPort}/backlab`,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      DOCKER_SOCKET: dockerSocket,
      QUEUE_NAME: `drill-${randomBytes(4).toString('hex')}`,
      PASSWORD_HASH_COST: '10',
      SUBMISSIONS_PER_MINUTE: '100000',
      SUBMISSIONS_QUEUED_PER_USER: '100000',
      QUEUE_CAP: '100000',
      SQL_WARM_PODS: '0',
      RECONCILE_INTERVAL_MS: '2000',
      STUCK_AFTER_MS: '10000',
      REAP_INTERVAL_MS: '5000',
      // Generous for a loaded 2-core host: the drill is about outages, not the time limit.
      SANDBOX_DEADLINE_MS: '40000',
      // The host's load would make time-dependent verdicts inconclusive (HostBusy) on a shared
      // machine; the drill counts only what the outages do.
      HOST_STAT_PATH: join(root, 'tests/fixtures/quiet-host-stat')
    }
    delete env.DOCKER_HOST
    const tsx = ['--import', 'tsx']
    const startApi = (): ChildProcess => spawnLogged(process.execPath, [...tsx, join(root, 'services/api/server.ts')], join(dir, 'api.log'), children, env)
    const startWorker = (): ChildProcess => spawnLogged(process.execPath, [...tsx, join(root, 'services/worker/worker.ts')], join(dir, 'worker.log'), children, env)
    startApi()
    const api = `http://127.0.0.1:${apiPort}`
    await waitFor('the API', async () => (await fetch(`${api}/health`).catch(() => undefined))?.ok === true, 60_000)
    let worker = startWorker()
    await waitFor('the worker', async () => (await readFile(join(dir, 'worker.log'), 'utf8')).includes('worker ready'), 60_000)
    const runtime = /"runtime":"([^"]+)","msg":"sandbox runtime"/.exec(await readFile(join(dir, 'worker.log'), 'utf8'))?.[1]

    // --- N submissions in flight ------------------------------------------------------------------
    const token = await signUp(api)
    const expected = new Map<string, string>()
    for (let i = 0; i < options.submissions; i++) {
      const scenario = SCENARIOS[i % SCENARIOS.length] as typeof SCENARIOS[number]
      const files = { 'server.js': `${scenario.server}\n// drill ${i}\n`, 'package.json': '{ "type": "module" }' }
      const res = await fetch(`${api}/api/v1/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ exercise: 'todos-crud', files })
      })
      if (res.status !== 202) throw new Error(`submission ${i} refused: ${res.status} ${await res.text()}`)
      expected.set(((await res.json()) as { id: string }).id, scenario.verdict)
    }
    const ids = new Set(expected.keys())
    // Last: a worker killed at the end leaves its pods behind.
    cleanups.unshift(async () => { await removePodsOf(ids) })
    log(`# drill: ${ids.size} submissions in flight (${SCENARIOS.map((s) => s.verdict).join(', ')} in turn), learner code under ${runtime ?? 'the default runtime'}`)

    const db = new pg.Pool({ connectionString: env.DATABASE_URL, max: 2 })
    db.on('error', () => {})
    cleanups.push(async () => { await db.end() })
    const finished = async (): Promise<number> => {
      const { rows } = await db.query("SELECT count(*)::int AS n FROM submissions WHERE id = ANY($1) AND status NOT IN ('queued', 'running')", [[...ids]])
      return (rows[0] as { n: number }).n
    }
    /** Waits until one more submission finishes than when it was asked: the pipeline moves again. */
    const recovery = async (since: number): Promise<number | undefined> => {
      const before = await retrying(finished)
      const until = Date.now() + 90_000
      while (Date.now() < until) {
        const now = await retrying(finished)
        if (now > before || now === ids.size) return Date.now() - since
        await sleep(200)
      }
      return undefined
    }
    const faults: FaultFigure[] = []
    const inject = async (fault: string, down: () => Promise<void>, up: () => Promise<void>, downFor: number): Promise<void> => {
      await sleep(2500)
      const t0 = Date.now()
      await down()
      await sleep(downFor)
      await up()
      const back = Date.now()
      const recovered = await recovery(back)
      faults.push({ fault, downMs: back - t0, ...(recovered !== undefined && { recoveredMs: recovered }) })
      log(`# drill: ${fault}: down ${((back - t0) / 1000).toFixed(1)} s, next result ${recovered === undefined ? 'never' : `${(recovered / 1000).toFixed(1)} s`} after it was back`)
    }

    // --- the faults, in turn ----------------------------------------------------------------------
    await inject('worker SIGKILL + restart', async () => { worker.kill('SIGKILL'); await exited(worker) }, async () => {
      worker = startWorker()
    }, 1000)
    await inject('Redis SIGKILL + restart', async () => { redis.kill('SIGKILL'); await exited(redis) }, async () => {
      redis = startRedis()
      await waitFor('redis', async () => redisPing(redisPort))
    }, 1000)
    await inject('PostgreSQL immediate restart', async () => { await postgres.restartImmediate() }, async () => {}, 0)
    await inject(`Docker daemon down ${((options.dockerDownMs ?? 4000) / 1000).toFixed(0)} s`, async () => {
      await docker.down()
      await killPodsOf(ids)
    }, async () => { await docker.up() }, options.dockerDownMs ?? 4000)

    // --- every submission ends with its verdict ----------------------------------------------------
    const stillFor = options.settleTimeoutMs ?? 90_000
    let done = await retrying(finished)
    let movedAt = Date.now()
    while (done < ids.size && Date.now() - movedAt < stillFor) {
      await sleep(500)
      const now = await retrying(finished)
      if (now > done) movedAt = Date.now()
      done = now
    }
    const { rows } = await db.query('SELECT id, status, verdict FROM submissions WHERE id = ANY($1)', [[...ids]])
    const found = new Map((rows as Array<{ id: string, status: string, verdict: string | null }>).map((r) => [r.id, r]))
    const figures: DrillFigures = { inFlight: ids.size, right: 0, lost: 0, stuck: 0, platformErrors: 0, wrong: 0, faults, totalMs: 0, mismatches: [] }
    for (const [id, verdict] of expected) {
      const row = found.get(id)
      if (row === undefined) figures.lost++
      else if (row.status === 'queued' || row.status === 'running') figures.stuck++
      else if (row.verdict === 'platform_error') figures.platformErrors++
      else if (row.verdict === verdict) figures.right++
      else figures.wrong++
      if (row?.verdict !== verdict) figures.mismatches.push({ id, expected: verdict, got: row === undefined ? 'missing' : row.verdict ?? row.status })
    }
    figures.totalMs = Date.now() - started
    log(`# drill: in flight ${figures.inFlight}, right ${figures.right}, lost ${figures.lost}, stuck ${figures.stuck}, ` +
      `platform errors ${figures.platformErrors}, wrong ${figures.wrong} (${(figures.totalMs / 1000).toFixed(0)} s in all)`)
    for (const m of figures.mismatches) log(`# drill: ${m.id} expected ${m.expected}, got ${m.got}`)
    failed = figures.right !== figures.inFlight
    if (failed) {
      log(`# drill: logs kept in ${dir}`)
      figures.dir = dir
    }
    return figures
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await Promise.all(children.map(exited))
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
    if (!failed) await rm(dir, { recursive: true, force: true })
  }
}

// --- helpers -----------------------------------------------------------------------------------

function spawnLogged (command: string, args: string[], logFile: string, children: ChildProcess[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const append = (chunk: Buffer): void => { void writeFile(logFile, chunk, { flag: 'a' }) }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  children.push(child)
  return child
}

async function exited (child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  await new Promise((resolve) => child.once('exit', resolve))
}

async function sleep (ms: number): Promise<void> { await new Promise((resolve) => setTimeout(resolve, ms)) }

async function waitFor (what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!await check().catch(() => false)) {
    if (Date.now() > until) throw new Error(`${what} did not come up within ${timeoutMs} ms`)
    await sleep(100)
  }
}

/** The drill's own database may be restarting when it looks: it asks again. */
async function retrying<T> (query: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await query()
    } catch (err) {
      if (i > 100) throw err
      await sleep(200)
    }
  }
}

async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => { resolve(port) })
    })
  })
}

async function redisPing (port: number): Promise<boolean> {
  const r = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8', timeout: 2000 })
  return r.stdout.trim() === 'PONG'
}

async function signUp (api: string): Promise<string> {
  const email = `drill-${randomBytes(4).toString('hex')}@example.test`
  const password = `pw-${randomBytes(8).toString('hex')}`
  const post = async (url: string, body: unknown): Promise<Response> => await fetch(`${api}${url}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body)
  })
  const created = await post('/api/v1/users', { email, name: 'drill', password })
  // 201, or 202 where sign-up does not tell whether the email had an account.
  if (created.status !== 201 && created.status !== 202) throw new Error(`sign-up refused: ${created.status} ${await created.text()}`)
  const login = await post('/api/v1/tokens', { email, password })
  if (login.status !== 201) throw new Error(`login refused: ${login.status} ${await login.text()}`)
  return ((await login.json()) as { token: string }).token
}

/**
 * A PostgreSQL cluster of the drill's own (initdb into `dataDir`, listening on `port` only): the
 * server refuses to run as root, so as root it runs as the postgres user.
 */
async function startPostgres (dataDir: string, port: number): Promise<{ restartImmediate: () => Promise<void>, stop: () => Promise<void> }> {
  const asRoot = process.getuid?.() === 0
  const run = (bin: string, args: string[]): void => {
    const command = asRoot ? 'runuser' : join(PG_BIN, bin)
    const argv = asRoot ? ['-u', 'postgres', '--', join(PG_BIN, bin), ...args] : args
    const r = spawnSync(command, argv, { encoding: 'utf8', timeout: 120_000, cwd: '/' })
    if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${r.stderr}${r.stdout}`)
  }
  await mkdir(dataDir, { mode: 0o700 })
  if (asRoot) spawnSync('chown', ['postgres:postgres', dataDir])
  run('initdb', ['-D', dataDir, '-U', 'backlab', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'])
  // fsync off: an immediate shutdown is a crash of the server, not of the machine; its writes
  // are in the page cache and crash recovery replays the WAL all the same.
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off -c max_connections=100`
  const logFile = join(dataDir, '..', 'postgres.log')
  if (asRoot) { await writeFile(logFile, ''); spawnSync('chown', ['postgres:postgres', logFile]) }
  const start = async (): Promise<void> => { run('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', opts, '-w', '-t', '60', 'start']) }
  await start()
  const admin = new pg.Client({ connectionString: `postgres://backlab@127.0.0.1:${port}/postgres` })
  await admin.connect()
  await admin.query('CREATE DATABASE backlab')
  await admin.end()
  return {
    // Every backend ends at once, without a checkpoint; the server comes back through crash recovery.
    restartImmediate: async () => { run('pg_ctl', ['-D', dataDir, '-l', logFile, '-m', 'immediate', '-w', '-t', '60', 'restart']) },
    stop: async () => { run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']) }
  }
}

// Run as a script: prints the figures, and fails unless every submission got its right verdict.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--submissions')
  const submissions = i === -1 ? 40 : Number(process.argv[i + 1])
  const figures = await runDrill({ submissions })
  process.exitCode = figures.right === figures.inFlight ? 0 : 1
}
