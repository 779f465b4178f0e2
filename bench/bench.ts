/**
 * End-to-end benchmark: the real API (over HTTP) and a real worker grade N submissions of an
 * exercise's reference solution one at a time, then N at once, for each exercise kind: an
 * in-memory server (todos-crud) and a server with a Postgres sidecar (notes-postgres), in each
 * runtime, and SQL tasks (select-filter-order) submitted one task alone and all eight together.
 * Then bench/floor.sh runs the first in-memory node case with plain `docker run`, and
 * bench/floor-sql.sh the SQL cases' queries with psql against a running PostgreSQL.
 * Prints medians, p95, throughput, each phase's share and the ratio to the floor, all measured in
 * this one run.
 * Each case runs N submissions back to back, N more each `--gap` ms after the last one's result
 * (as learners submit: the worker is idle, and its warm SQL pods are ready), then N at once.
 * Every case runs once per sandbox runtime (`--sandbox runc,runsc`: the OCI runtime of the
 * learner's containers, config SANDBOX_RUNTIME; one the daemon lacks is skipped), and the medians
 * are printed side by side at the end.
 * Usage: tsx bench/bench.ts [--n 10] [--gap 2000] [--exercise todos-crud,notes-postgres,select-filter-order] [--runtime node,python,sql] [--sandbox runc,runsc]
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parseArgs } from 'node:util'
import { pino } from 'pino'
import { buildApp } from '../services/api/app.js'
import { loadConfig } from '../services/platform/config.js'
import { readFileTree, type FileMap } from '../services/platform/file-tree.js'
import type { Manifest } from '../services/exercise/manifest-schema.js'
import { buildGradingWorker, type GradingWorker } from '../services/worker/build-worker.js'
import { createDockerEngine, type OciRuntime } from '../services/platform/docker/docker-engine.js'
import { learnerSeccompProfile } from '../services/platform/docker/seccomp-profile.js'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { effectiveLimits } from '../services/grading/grade-submission.js'

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '10' },
    exercise: { type: 'string', default: 'todos-crud,notes-postgres,select-filter-order' },
    runtime: { type: 'string', default: 'node,python,sql' },
    gap: { type: 'string', default: '2000' },
    sandbox: { type: 'string', default: 'runc,runsc' }
  }
})
const n = Number(args.n)
const gapMs = Number(args.gap)
// One bench account submits everything: its limits are lifted, as a load test's would be.
const config = loadConfig({
  ...process.env,
  LOG_LEVEL: 'warn',
  QUEUE_NAME: `bench-${Date.now()}`,
  SUBMISSIONS_PER_MINUTE: '1000000',
  SUBMISSIONS_QUEUED_PER_USER: '1000000',
  QUEUE_CAP: '1000000'
})
const manifests = await Promise.all(args.exercise.split(',').map(async (slug) =>
  JSON.parse(await readFile(join(config.EXERCISES_DIR, slug, 'exercise.json'), 'utf8')) as Manifest))
interface Case { manifest: Manifest, runtime: string, kind: string, label: string, tasks?: string[], sandbox?: OciRuntime }
const baseCases: Case[] = manifests.flatMap((manifest) => args.runtime.split(',')
  .filter((runtime) => (manifest.runtimes as string[]).includes(runtime))
  .flatMap((runtime): Case[] => {
    if (runtime === 'sql') {
      // A submission of one task, and of all of them: the targets are about both.
      const files = manifest.sql?.tasks.map((task) => task.file) ?? []
      return [files.slice(0, 1), files].map((tasks) => ({
        manifest, runtime, tasks, kind: `SQL, ${tasks.length} task${tasks.length === 1 ? '' : 's'}`, label: `${manifest.slug} (sql, ${tasks.length} task${tasks.length === 1 ? '' : 's'})`
      }))
    }
    return [{ manifest, runtime, label: `${manifest.slug} (${runtime})`, kind: (manifest.services ?? []).includes('postgres') ? 'with Postgres sidecar' : 'in-memory' }]
  }))

const app = await buildApp(config, { logger: false })
await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
const api = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`
const sandboxes: OciRuntime[] = []
for (const sandbox of args.sandbox.split(',') as OciRuntime[]) {
  const available = await createDockerEngine(config.DOCKER_SOCKET, { sandboxRuntime: sandbox }).sandboxRuntime().then(() => true, () => false)
  if (available) sandboxes.push(sandbox)
  else console.log(`bench: the Docker daemon has no runtime ${sandbox}: skipped (scripts/setup.sh installs gVisor)`)
}
const cases: Case[] = sandboxes.flatMap((sandbox) => baseCases.map((c) => ({ ...c, sandbox, label: `${c.label} [${sandbox}]` })))
// One worker at a time, for the sandbox runtime of the cases being run.
let worker: GradingWorker | undefined
let workerSandbox: OciRuntime | undefined
async function workerFor (sandbox: OciRuntime): Promise<void> {
  if (workerSandbox === sandbox) return
  await worker?.close()
  worker = await buildGradingWorker({ ...config, SANDBOX_RUNTIME: sandbox }, pino({ level: 'warn' }))
  workerSandbox = sandbox
}
const benchAccount = { email: `bench-${Date.now()}@backlab.local`, name: 'bench', password: randomBytes(16).toString('hex') }
await fetch(`${api}/api/v1/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(benchAccount) })
const { token } = await (await fetch(`${api}/api/v1/tokens`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: benchAccount.email, password: benchAccount.password })
})).json() as { token: string }
const auth = { authorization: `Bearer ${token}` }

// Byte-identical files would be answered with the earlier result: each run's files differ by a comment.
let runNumber = 0
const COMMENT: Record<string, string> = { js: '//', mjs: '//', cjs: '//', ts: '//', py: '#', sql: '--' }
function marked (files: FileMap): FileMap {
  runNumber += 1
  const path = Object.keys(files).find((p) => COMMENT[p.split('.').pop() ?? ''] !== undefined)
  if (path === undefined) throw new Error('no file to mark with a comment')
  return { ...files, [path]: `${files[path] ?? ''}\n${COMMENT[path.split('.').pop() ?? '']} bench run ${runNumber}\n` }
}

interface Run { ms: number, id: string, timings: Record<string, number>, status: string }

async function gradeOnce (slug: string, runtime: string, files: FileMap, tasks?: string[]): Promise<Run> {
  const started = performance.now()
  const posted = await fetch(`${api}/api/v1/submissions`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ exercise: slug, runtime, files: marked(files) })
  })
  if (posted.status !== 202) throw new Error(`refused: ${posted.status} ${await posted.text()}`)
  const location = posted.headers.get('location')
  for (;;) {
    // Long polling, as a client should: the answer comes the moment the result is stored.
    const view = await (await fetch(`${api}${location}?wait=30`, { headers: auth })).json() as { status: string, timings: Record<string, number>, id: string, tests: Array<{ name: string, status: string }> }
    if (!['queued', 'running'].includes(view.status)) {
      const ms = performance.now() - started
      // Tasks left out of an SQL submission fail ("not submitted"); the submitted ones must pass.
      const submitted = tasks === undefined ? view.tests : view.tests.filter((t) => tasks.some((file) => t.name.startsWith(`${Number(file.slice(0, 2))}. `)))
      const passed = tasks === undefined ? view.status === 'passed' : submitted.length > 0 && submitted.every((t) => t.status === 'pass')
      if (!passed) throw new Error(`the reference solution did not pass: ${JSON.stringify(view)}`)
      return { ms, id: view.id, timings: view.timings, status: view.status }
    }
  }
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : (((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2)
}
const fmt = (ms: number): string => `${Math.round(ms)} ms`

interface CaseResult extends Case { sequential: Run[], spaced: Run[], concurrent: Run[], concurrentWall: number }

try {
  console.log(`bench: N=${n}, worker concurrency ${config.WORKER_CONCURRENCY}, ${api}`)
  const results: CaseResult[] = []
  for (const c of cases) {
    const { manifest, runtime, kind, label, tasks } = c
    await workerFor(c.sandbox ?? 'runc')
    const slug = manifest.slug
    const solution = await readFileTree(join(config.EXERCISES_DIR, slug, 'solution', runtime))
    const files = tasks === undefined ? solution : Object.fromEntries(tasks.map((file) => [file, solution[file] ?? '']))
    process.stdout.write(`  ${label}, ${kind}: `)
    await gradeOnce(slug, runtime, files, tasks) // warm-up: page cache, image layers, connection pools
    const sequential: Run[] = []
    for (let i = 0; i < n; i++) sequential.push(await gradeOnce(slug, runtime, files, tasks))
    // As learners submit: now and then, to a worker that finished its last grading (and, for
    // SQL, warmed its next pods) before this one arrives.
    const spaced: Run[] = []
    for (let i = 0; i < n; i++) {
      await new Promise((resolve) => setTimeout(resolve, gapMs))
      spaced.push(await gradeOnce(slug, runtime, files, tasks))
    }
    const concurrentStarted = performance.now()
    const concurrent = await Promise.all(Array.from({ length: n }, async () => await gradeOnce(slug, runtime, files, tasks)))
    const concurrentWall = performance.now() - concurrentStarted
    results.push({ ...c, sequential, spaced, concurrent, concurrentWall })
    console.log(`p50 ${fmt(median(sequential.map((r) => r.ms)))} back to back, ${fmt(median(spaced.map((r) => r.ms)))} spaced`)
  }
  // Teardown is timed after the result is stored; read the timings again once it is recorded.
  await new Promise((resolve) => setTimeout(resolve, 1000))
  for (const r of results) {
    for (const run of [...r.sequential, ...r.spaced]) run.timings = (await (await fetch(`${api}/api/v1/submissions/${run.id}`, { headers: auth })).json() as Run).timings
  }

  console.log('\nend-to-end latency (POST → final result visible to GET)')
  for (const r of results) {
    const seqMs = r.sequential.map((x) => x.ms)
    const conMs = r.concurrent.map((x) => x.ms)
    console.log(`  ${r.label}, ${r.kind}`)
    const spacedMs = r.spaced.map((x) => x.ms)
    console.log(`    one at a time, back to back: p50 ${fmt(median(seqMs))}  p95 ${fmt(quantile(seqMs, 0.95))}  throughput ${(n / (seqMs.reduce((a, b) => a + b, 0) / 1000)).toFixed(2)} /s`)
    console.log(`    one at a time, ${gapMs} ms apart: p50 ${fmt(median(spacedMs))}  p95 ${fmt(quantile(spacedMs, 0.95))}`)
    console.log(`    ${n} at once: p50 ${fmt(median(conMs))}  p95 ${fmt(quantile(conMs, 0.95))}  throughput ${(n / (r.concurrentWall / 1000)).toFixed(2)} /s (wall ${fmt(r.concurrentWall)})`)
  }

  console.log('\nphases, one at a time (median; share of median end-to-end)')
  for (const [series, runsOf] of [['back to back', (r: CaseResult) => r.sequential], [`${gapMs} ms apart`, (r: CaseResult) => r.spaced]] as const) {
    for (const r of results) {
      const total = median(runsOf(r).map((x) => x.ms))
      console.log(`  ${r.label}, ${series}`)
      for (const phase of ['queueWaitMs', 'containerStartMs', 'servicesReadyMs', 'serverReadyMs', 'gradingMs', 'teardownMs']) {
        const values = runsOf(r).map((x) => x.timings[phase]).filter((v): v is number => typeof v === 'number')
        if (values.length === 0) continue
        const note = phase === 'teardownMs' ? '  (after the result is stored: not in end-to-end)' : phase === 'servicesReadyMs' ? '  (part of containerStart)' : ''
        console.log(`    ${phase.replace('Ms', '').padEnd(15)} ${fmt(median(values)).padStart(8)}  ${((median(values) / total) * 100).toFixed(1).padStart(5)}%${note}`)
      }
    }
  }

  const floorP50s: Partial<Record<OciRuntime, number>> = {}
  for (const floorCase of results.filter((r) => r.kind === 'in-memory' && r.runtime === 'node')) {
    const sandbox = floorCase.sandbox ?? 'runc'
    // Under runsc the floor's learner needs our profile too: gVisor answers EPERM to every refusal,
    // so Docker's default (clone3 refused with ENOSYS) would leave Node unable to start a thread.
    const seccompDir = await mkdtemp(join(tmpdir(), 'bench-seccomp-'))
    await writeFile(join(seccompDir, 'learner.json'), JSON.stringify(learnerSeccompProfile(sandbox)))
    const { manifest } = floorCase
    const exerciseDir = join(config.EXERCISES_DIR, manifest.slug)
    const limits = effectiveLimits(config, manifest)
    const floorOut = await promisify(execFile)('bash', [
      'bench/floor.sh', join(exerciseDir, 'solution', 'node'), join(exerciseDir, 'grader'), manifest.grader.entry, String(n)
    ], {
      maxBuffer: 64 * 1024 * 1024,
      env: {
        ...process.env,
        FLOOR_LEARNER_CPUS: String(limits.cpus),
        FLOOR_LEARNER_MEMORY_MB: String(limits.memoryMb),
        FLOOR_LEARNER_PIDS: String(limits.pids),
        FLOOR_GRADER_CPUS: String(config.GRADER_CPUS),
        FLOOR_RUNTIME: sandbox,
        FLOOR_LEARNER_SECCOMP: join(seccompDir, 'learner.json')
      }
    })
    const floors = [...floorOut.stdout.matchAll(/^floor_ms=(\d+)/gm)].map((m) => Number(m[1]))
    const floorP50 = median(floors)
    floorP50s[sandbox] = floorP50
    const e2e = median(floorCase.sequential.map((x) => x.ms))
    console.log(`\nfloor: ${floorCase.label} by plain \`docker\` commands (bench/floor.sh), same limits, no API, no queue`)
    console.log(`  p50 ${fmt(floorP50)}  (runs: ${floors.join(', ')})`)
    console.log(`\nratio end-to-end p50 / floor p50: ${(e2e / floorP50).toFixed(2)}`)
  }

  for (const r of results.filter((x) => x.tasks !== undefined)) {
    const dir = join(config.EXERCISES_DIR, r.manifest.slug)
    const floorOut = await promisify(execFile)('bash', ['bench/floor-sql.sh', dir, String(n), ...(r.tasks ?? [])], {
      env: { ...process.env, DATABASE_URL: config.DATABASE_URL }
    })
    const floors = [...floorOut.stdout.matchAll(/^floor_ms=(\d+)/gm)].map((m) => Number(m[1]))
    const e2e = median(r.sequential.map((x) => x.ms))
    const e2eSpaced = median(r.spaced.map((x) => x.ms))
    console.log(`\nfloor: ${r.label}: the same queries by psql on a running PostgreSQL with both datasets loaded (bench/floor-sql.sh)`)
    console.log(`  p50 ${fmt(median(floors))}  (runs: ${floors.join(', ')})`)
    console.log(`  end-to-end p50 back to back ${fmt(e2e)}, ratio ${(e2e / median(floors)).toFixed(2)}; ${gapMs} ms apart ${fmt(e2eSpaced)}, ratio ${(e2eSpaced / median(floors)).toFixed(2)}`)
  }

  if (sandboxes.length > 1) {
    console.log(`\nrunc and runsc side by side (median ms; one at a time, back to back / ${gapMs} ms apart / ${n} at once; container start)`)
    const row = (label: string, cells: string[]): string => `  ${label.padEnd(44)}${cells.map((c) => c.padStart(26)).join('')}`
    console.log(row('case', sandboxes))
    for (const base of baseCases) {
      const cells = sandboxes.map((sandbox) => {
        const r = results.find((x) => x.sandbox === sandbox && x.manifest.slug === base.manifest.slug && x.runtime === base.runtime && x.tasks?.length === base.tasks?.length)
        if (r === undefined) return '-'
        const start = median(r.sequential.map((x) => x.timings.containerStartMs).filter((v): v is number => typeof v === 'number'))
        return `${Math.round(median(r.sequential.map((x) => x.ms)))}/${Math.round(median(r.spaced.map((x) => x.ms)))}/${Math.round(median(r.concurrent.map((x) => x.ms)))}; ${Number.isNaN(start) ? '-' : Math.round(start)}`
      })
      console.log(row(base.label, cells))
    }
    console.log(row('floor (plain docker, todos-crud node)', sandboxes.map((s) => floorP50s[s] === undefined ? '-' : String(Math.round(floorP50s[s] ?? 0)))))
  }
} finally {
  await worker?.close()
  await app.close()
}
