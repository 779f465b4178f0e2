// Warm SQL pods against the real Docker Engine and images: what the pool keeps, what it hands
// out, and that a pod serves one grading and is gone after it.
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { pino } from 'pino'
import t, { type Test as Tap } from 'tap'
import { loadConfig } from '../../../services/platform/config.js'
import { createDockerEngine } from '../../../services/platform/docker/docker-engine.js'
import { readFileTree } from '../../../services/platform/file-tree.js'
import { loadExercisePackage } from '../../../services/exercise/load-package.js'
import { sqlSubmissionFiles } from '../../../services/exercise/sql-tasks.js'
import { parseGraderTap } from '../../../services/grading/tap-reader.js'
import type { PodPlan } from '../../../services/grading/pod/pod-spec.js'
import { createSqlGradingPod } from '../../../services/grading/pod/sql-grading-pod.js'
import type { PodOptions, PodOutcome } from '../../../services/grading/pod/grading-pod.js'
import type { DockerEngine } from '../../../services/platform/docker/docker-engine.js'
import type { FileMap } from '../../../services/platform/file-tree.js'
import { createSqlPodPool, type SqlPodPool } from '../../../services/grading/pod/sql-pod-pool.js'
import { ceilings } from '../../../services/platform/sandbox-limits.js'

t.setTimeout(3 * 60_000)

/** A pod's whole life, as grading goes through it: start, run, see the outcome while it exists, dispose. */
async function runThrough<T> (
  engine: DockerEngine, plan: PodPlan, graderFiles: FileMap, options: PodOptions & { pool?: SqlPodPool }, handle: (outcome: PodOutcome) => Promise<T>
): Promise<{ handled: T, warm: boolean }> {
  const pod = createSqlGradingPod(engine, plan, graderFiles, options)
  try {
    await pod.start()
    return { handled: await handle(await pod.run()), warm: pod.warm }
  } finally {
    await pod.dispose()
  }
}

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' })
const engine = createDockerEngine(config.DOCKER_SOCKET)
const limits = { ...ceilings(config), memoryMb: 200, deadlineMs: 20_000 }

function newPool (t: Tap, size: number): SqlPodPool {
  const pool = createSqlPodPool(engine, {
    size,
    imagePrefix: config.IMAGE_PREFIX,
    graderCpus: config.GRADER_CPUS,
    graderOutputCapBytes: 64 * 1024,
    deadlineCeilingMs: limits.deadlineMs,
    logger: pino({ level: 'silent' })
  })
  // Each test's pool is gone when the test ends: the next one counts only its own pods.
  t.teardown(async () => { await pool.close() })
  return pool
}

async function warmPods (): Promise<Map<string, Array<{ id: string, labels: Record<string, string> }>>> {
  const pods = new Map<string, Array<{ id: string, labels: Record<string, string> }>>()
  for (const c of await engine.listByLabel(`backlab.worker-pid=${process.pid}`)) {
    const tag = c.labels['backlab.warm-pod']
    if (tag !== undefined) pods.set(tag, [...(pods.get(tag) ?? []), c])
  }
  return pods
}

async function untilReady (pool: SqlPodPool, count: number, wanted = limits): Promise<boolean> {
  for (let i = 0; i < 300; i++) {
    if (pool.ready(wanted) === count) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return false
}

function plan (): PodPlan {
  return {
    submissionId: `pool-test-${randomBytes(4).toString('hex')}`,
    attempt: 1,
    runtime: 'sql',
    graderEntry: 'suite.mjs',
    limits,
    imagePrefix: config.IMAGE_PREFIX,
    deadlineAt: Date.now() + 60_000,
    graderCpus: config.GRADER_CPUS,
    timeScale: 1,
    services: [],
    secrets: { exercise: {}, controlToken: 'unused', postgresAdmin: randomBytes(12).toString('hex') }
  }
}

// A suite that proves where it runs: its name and settings came in the tar (backlab-run.json),
// and the pod's database answers the grader's role.
const suite = `
import pg from 'pg'
const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'backlab_sql', database: 'postgres', password: process.env.BACKLAB_DATABASE_PASSWORD })
await client.connect()
const { rows } = await client.query('SELECT 40 + 2 AS answer')
await client.end()
console.log('TAP version 14')
console.log(rows[0].answer === 42 ? 'ok 1 - the database answered' : 'not ok 1 - wrong answer')
console.log(process.env.BACKLAB_READY_TIMEOUT_MS === '${limits.readyTimeoutMs}' ? 'ok 2 - settings from the tar' : 'not ok 2 - settings missing')
console.log(process.env.TAP_TIMEOUT === '0' ? 'ok 3 - tap keeps no clock of its own' : 'not ok 3 - tap times out by itself')
console.log('1..3')
`

t.test('the pool keeps `size` pods warm per set of limits, each ready and labelled as no submission\'s', async (t) => {
  const pool = newPool(t, 2)
  pool.replenish(limits)
  pool.replenish(limits) // asking again while they warm starts no more
  t.ok(await untilReady(pool, 2), 'two warm pods')
  t.equal(await pool.take({ ...limits, memoryMb: 300 }), undefined, 'none for other limits')

  const pods = await warmPods()
  t.equal(pods.size, 2, 'two pods, no more')
  for (const containers of pods.values()) {
    t.same(containers.map((c) => c.labels['backlab.role']).sort(), ['grader', 'postgres'])
    for (const c of containers) {
      t.equal(c.labels['backlab.submission'], undefined, 'no submission label')
      t.ok(Number(c.labels['backlab.deadline']) > Date.now() + limits.deadlineMs, 'a reaper deadline beyond a grading')
    }
  }
  const taken = await pool.take(limits)
  t.ok(taken)
  t.equal(await Promise.race([taken?.databaseReady, Promise.resolve('pending')]), true, 'its database is ready when it is handed out')
  t.equal(pool.ready(limits), 1)
  await taken?.remove()
  await pool.close()
  t.same(await warmPods(), new Map(), 'close removes the pods it kept')
})

t.test('a submission that finds no pod ready takes the one warming, rather than starting another', async (t) => {
  const pool = newPool(t, 1)
  pool.replenish(limits)
  t.equal(pool.ready(limits), 0, 'still warming')
  const taken = await pool.take(limits)
  t.ok(taken, 'handed the warming pod once it was ready')
  t.equal(await Promise.race([taken?.databaseReady, Promise.resolve('pending')]), true, 'its database is ready')
  t.equal(await pool.take(limits), undefined, 'a second submission, with nothing left warming, starts its own')
  await taken?.remove()
})

t.test('a warm pod grades one submission with the settings in its tar, is removed, and the pool is topped up', async (t) => {
  const pool = newPool(t, 1)
  pool.replenish(limits)
  t.ok(await untilReady(pool, 1), 'warm')
  const warmIds = [...(await warmPods()).values()].flat().map((c) => c.id)
  t.equal(warmIds.length, 2)

  const { handled, warm } = await runThrough(engine, plan(), { 'suite.mjs': suite },
    { logTailBytes: 4096, graderOutputCapBytes: 64 * 1024, pool }, async (outcome) => outcome)
  t.equal(warm, true, 'the warm pod was used')
  t.match(handled.graderTap, /ok 1 - the database answered\nok 2 - settings from the tar\nok 3 - tap keeps no clock of its own\n1\.\.3/,
    'a warm pod loaded tap long before its grading: tap\'s own timeout would have cut it short')
  t.equal(handled.timedOut, false)
  const left = (await engine.listByLabel(`backlab.worker-pid=${process.pid}`)).map((c) => c.id)
  t.same(left.filter((id) => warmIds.includes(id)), [], 'the pod that graded is gone')
  t.ok(await untilReady(pool, 1), 'a new pod is warm after the grading')
  t.notSame([...(await warmPods()).values()].flat().map((c) => c.id).sort(), warmIds.sort(), 'and it is another pod')
})

t.test('a warm pod that waited longer than tap\'s own 30 s timeout still grades in full', async (t) => {
  const pool = newPool(t, 1)
  pool.replenish(limits)
  t.ok(await untilReady(pool, 1))
  // tap was loaded when the pod warmed up; a clock it started then must not end this grading.
  await new Promise((resolve) => setTimeout(resolve, 32_000))
  const tapSuite = `
import t from 'tap'
import pg from 'pg'
t.test('the database answers after a long wait', async (t) => {
  const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'backlab_sql', database: 'postgres', password: process.env.BACKLAB_DATABASE_PASSWORD })
  await client.connect()
  t.equal((await client.query('SELECT 1 AS one')).rows[0].one, 1)
  await client.end()
})
t.test('and a second test runs too', async (t) => { t.pass() })
`
  const { handled, warm } = await runThrough(engine, plan(), { 'suite.mjs': tapSuite },
    { logTailBytes: 4096, graderOutputCapBytes: 64 * 1024, pool }, async (outcome) => outcome)
  t.equal(warm, true)
  t.match(handled.graderTap, /^ok 1 - the database answers after a long wait/m)
  t.match(handled.graderTap, /^ok 2 - and a second test runs too/m)
  t.match(handled.graderTap, /^1\.\.2$/m)
  t.notMatch(handled.graderTap, /timeout/)
})

t.test('a report that is complete is read at once, without waiting for the grader to exit', async (t) => {
  // The suite's tests are done and its root test ended, but the process would never exit by itself:
  // graded on the runner's report-complete line, this is no time-out.
  const lingering = `
import t from 'tap'
await t.test('the only test', async (t) => { t.pass() })
t.end()
setInterval(() => {}, 1000)
`
  const started = performance.now()
  const { handled } = await runThrough(engine, { ...plan(), limits: { ...limits, deadlineMs: 15_000 } }, { 'suite.mjs': lingering },
    { logTailBytes: 4096, graderOutputCapBytes: 64 * 1024 }, async (outcome) => outcome)
  t.equal(handled.timedOut, false, 'not cut off by the deadline')
  t.ok(performance.now() - started < 15_000, 'back before the deadline')
  t.match(handled.graderTap, /^ok 1 - the only test.*\n1\.\.1\n/ms)
  t.match(handled.graderTap, /^# backlab-report-complete$/m)
})

/** Runs a shell script in a container (the pod's database has sh, kill and /proc). */
async function inContainer (id: string, script: string): Promise<string> {
  return (await promisify(execFile)('docker', ['exec', id, 'sh', '-c', script])).stdout
}

/**
 * Starts a one-pod pool, kills one of the grader's backends in its database with SIGKILL (as the
 * OOM killer does; PostgreSQL then ends every connection and restarts) once the empty templates
 * are made, or while they are being made, and grades select-filter-order's reference on that pod.
 */
async function gradeAfterRestart (t: Tap, when: 'made' | 'making'): Promise<void> {
  const dir = join(config.EXERCISES_DIR, 'select-filter-order')
  const pkg = await loadExercisePackage(dir)
  const reference = await readFileTree(join(dir, 'solution', 'sql'))
  const pool = newPool(t, 1)
  pool.replenish(limits)
  let database: { id: string } | undefined
  for (let i = 0; i < 100 && database === undefined; i++) {
    database = [...(await warmPods()).values()].flat().find((c) => c.labels['backlab.role'] === 'postgres')
    if (database === undefined) await new Promise((resolve) => setTimeout(resolve, 20))
  }
  if (database === undefined) throw new Error('no warm pod was created')
  // Backends show "postgres: USER DATABASE HOST(PORT) STATE" as their command line; STATE is
  // "idle" between statements and the statement's tag while one runs. Prints their pids.
  const backends = (pattern: string): string =>
    `grep -lE "^postgres: backlab_sql ${pattern}" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3`
  if (when === 'made') {
    // Both empty templates exist: their connections wait, idle, for the datasets.
    t.ok(await untilReady(pool, 1))
    let pids: string[] = []
    for (let i = 0; i < 100 && pids.length < 2; i++) {
      pids = (await inContainer(database.id, backends('(visible|hidden) .* idle'))).split('\n').filter((pid) => pid !== '')
      if (pids.length < 2) await new Promise((resolve) => setTimeout(resolve, 50))
    }
    t.equal(pids.length, 2, 'the grader made both empty templates before its submission arrived')
    await inContainer(database.id, `kill -9 ${pids[0] ?? ''}`)
  } else {
    // Polled inside the container, a statement of the template making is seen while it runs.
    // The container may be created but not started yet: docker exec then fails at once, and is
    // tried again (the poll must begin before the grader logs in, so there is no probe first).
    const pollAndKill = `end=$(($(date +%s) + 20)); while [ "$(date +%s)" -lt $end ]; do
      pid=$(${backends('.*(CREATE DATABASE|DROP DATABASE|REVOKE|ALTER SCHEMA|SET)')} | head -n 1)
      if [ -n "$pid" ]; then kill -9 "$pid"; echo "$pid"; break; fi
    done`
    let killed = ''
    for (let i = 0; ; i++) {
      try {
        killed = await inContainer(database.id, pollAndKill)
        break
      } catch (err) {
        if (i >= 100 || !/is not running/.test(String(err))) throw err
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    }
    t.match(killed, /^\d+\n$/, 'a backend was killed while the grader made its empty templates')
    t.ok(await untilReady(pool, 1))
  }

  const { handled, warm } = await runThrough(engine, { ...plan(), graderEntry: pkg.manifest.grader.entry },
    { ...pkg.graderFiles, ...sqlSubmissionFiles(reference) }, { logTailBytes: 4096, graderOutputCapBytes: 256 * 1024, pool }, async (outcome) => outcome)
  t.equal(warm, true)
  const report = parseGraderTap(handled.graderTap)
  t.equal(report.bailout, undefined, 'no bail-out')
  t.equal(report.complete, true)
  t.same(report.tests.map((x) => x.status), pkg.manifest.sql?.tasks.map(() => 'pass'), 'the reference passes every task')
}

t.test('a warm pod whose database restarted while it waited makes its templates again and grades in full', async (t) => {
  await gradeAfterRestart(t, 'made')
})

t.test('a warm pod whose database restarted while it made its templates makes them again and grades in full', async (t) => {
  await gradeAfterRestart(t, 'making')
})

t.test('without a warm pod, the submission starts its own, labelled with it, and removes it', async (t) => {
  const p = plan()
  const { handled, warm } = await runThrough(engine, p, { 'suite.mjs': suite },
    { logTailBytes: 4096, graderOutputCapBytes: 64 * 1024 }, async (outcome) => {
      t.equal((await engine.listByLabel(`backlab.submission=${p.submissionId}`)).length, 2, 'grader and database, while it is handled')
      return outcome
    })
  t.equal(warm, false)
  t.match(handled.graderTap, /ok 1 - the database answered\nok 2 - settings from the tar/)
  t.same(await engine.listByLabel(`backlab.submission=${p.submissionId}`), [])
})

t.test('a warm pod that dies while it waits is dropped, never handed out', async (t) => {
  const pool = newPool(t, 1)
  pool.replenish(limits)
  t.ok(await untilReady(pool, 1))
  const [containers] = [...(await warmPods()).values()]
  const database = containers?.find((c) => c.labels['backlab.role'] === 'postgres')
  t.ok(database)
  await engine.removeContainer(database?.id ?? '')
  t.ok(await untilReady(pool, 0), 'no longer counted as ready')
  t.equal(await pool.take(limits), undefined)
  for (let i = 0; i < 50 && (await warmPods()).size > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100))
  t.same(await warmPods(), new Map(), 'its grader is removed too')
})
