/**
 * End-to-end benchmark: the real API (over HTTP) and a real worker grade N submissions of an
 * exercise's reference solution one at a time, then N at once; then bench/floor.sh runs the same
 * learner server and grader with plain `docker run`. Prints medians, p95, throughput, each phase's
 * share and the ratio to the floor, all measured in this one run.
 * Usage: tsx bench/bench.ts [--n 10] [--exercise todos-crud]
 */
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parseArgs } from 'node:util'
import { pino } from 'pino'
import { buildApp } from '../services/api/app.js'
import { loadConfig } from '../services/shared/config.js'
import { readFileTree } from '../services/shared/exercise/file-tree.js'
import type { Manifest } from '../services/shared/exercise/manifest-schema.js'
import { buildGradingWorker } from '../services/worker/build-worker.js'
import { effectiveLimits } from '../services/worker/grading/grade-submission.js'

const { values: args } = parseArgs({ options: { n: { type: 'string', default: '10' }, exercise: { type: 'string', default: 'todos-crud' } } })
const n = Number(args.n)
const slug = args.exercise
const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn', QUEUE_NAME: `bench-${Date.now()}` })
const exerciseDir = join(config.EXERCISES_DIR, slug)
const files = await readFileTree(join(exerciseDir, 'solution'))

const app = await buildApp(config, { logger: false })
await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
const api = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`
const worker = await buildGradingWorker(config, pino({ level: 'warn' }))

interface Run { ms: number, id: string, timings: Record<string, number>, status: string }

async function gradeOnce (): Promise<Run> {
  const started = performance.now()
  const posted = await fetch(`${api}/api/v1/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ exercise: slug, files }) })
  const location = posted.headers.get('location')
  for (;;) {
    // Long polling, as a client should: the answer comes the moment the result is stored.
    const view = await (await fetch(`${api}${location}?wait=30`)).json() as { status: string, timings: Record<string, number>, id: string }
    if (!['queued', 'running'].includes(view.status)) {
      const ms = performance.now() - started
      if (view.status !== 'passed') throw new Error(`the reference solution did not pass: ${JSON.stringify(view)}`)
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

try {
  console.log(`bench: ${slug}, N=${n}, worker concurrency ${config.WORKER_CONCURRENCY}, ${api}`)
  await gradeOnce() // warm-up: page cache, image layers, connection pools

  const sequential: Run[] = []
  for (let i = 0; i < n; i++) sequential.push(await gradeOnce())
  // Teardown is timed after the result is stored; read the timings again once it is recorded.
  await new Promise((resolve) => setTimeout(resolve, 1000))
  for (const run of sequential) run.timings = (await (await fetch(`${api}/api/v1/submissions/${run.id}`)).json() as Run).timings

  const concurrentStarted = performance.now()
  const concurrent = await Promise.all(Array.from({ length: n }, gradeOnce))
  const concurrentWall = performance.now() - concurrentStarted

  const limits = effectiveLimits(config, JSON.parse(await readFile(join(exerciseDir, 'exercise.json'), 'utf8')) as Manifest)
  const floorOut = await promisify(execFile)('bash', [
    'bench/floor.sh', join(exerciseDir, 'solution'), join(exerciseDir, 'grader'),
    JSON.parse(await readFile(join(exerciseDir, 'exercise.json'), 'utf8')).grader.entry, String(n)
  ], {
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      FLOOR_LEARNER_CPUS: String(limits.cpus),
      FLOOR_LEARNER_MEMORY_MB: String(limits.memoryMb),
      FLOOR_LEARNER_PIDS: String(limits.pids),
      FLOOR_GRADER_CPUS: String(config.GRADER_CPUS)
    }
  })
  const floors = [...floorOut.stdout.matchAll(/^floor_ms=(\d+)/gm)].map((m) => Number(m[1]))

  const seqMs = sequential.map((r) => r.ms)
  const conMs = concurrent.map((r) => r.ms)
  const floorP50 = median(floors)
  console.log('\nend-to-end latency (POST → final result visible to GET)')
  console.log(`  one at a time: p50 ${fmt(median(seqMs))}  p95 ${fmt(quantile(seqMs, 0.95))}  throughput ${(n / (seqMs.reduce((a, b) => a + b, 0) / 1000)).toFixed(2)} /s`)
  console.log(`  ${n} at once:    p50 ${fmt(median(conMs))}  p95 ${fmt(quantile(conMs, 0.95))}  throughput ${(n / (concurrentWall / 1000)).toFixed(2)} /s (wall ${fmt(concurrentWall)})`)

  console.log('\nphases, one at a time (median; share of median end-to-end)')
  const total = median(seqMs)
  for (const phase of ['queueWaitMs', 'containerStartMs', 'serverReadyMs', 'gradingMs', 'teardownMs']) {
    const values = sequential.map((r) => r.timings[phase]).filter((v): v is number => typeof v === 'number')
    const note = phase === 'teardownMs' ? '  (after the result is stored: not in end-to-end)' : ''
    console.log(`  ${phase.replace('Ms', '').padEnd(15)} ${fmt(median(values)).padStart(8)}  ${((median(values) / total) * 100).toFixed(1).padStart(5)}%${note}`)
  }

  console.log('\nfloor: the same learner server and grader, same limits, by plain `docker` commands (bench/floor.sh), no API, no queue')
  console.log(`  p50 ${fmt(floorP50)}  (runs: ${floors.join(', ')})`)
  console.log(`\nratio end-to-end p50 / floor p50: ${(median(seqMs) / floorP50).toFixed(2)}`)
} finally {
  await worker.close()
  await app.close()
}
