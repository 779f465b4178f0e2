import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import t, { type Test } from 'tap'
import { classifyInfraError, createInfraHealth, isDockerUnavailable } from '../../services/grading/infra-health.js'
import { InfraDown } from '../../services/grading/grading-errors.js'
import { startStreamProxy } from '../../scripts/outage-drill/stream-proxy.js'
import { killPodsOf, podsOf } from '../../scripts/outage-drill/kill-pods.js'
import { build } from '../helpers/build-app.js'
import { submit, waitForResult } from '../helpers/grading.js'
import { buildGradingWorker, type GradingWorker } from '../../services/worker/build-worker.js'
import type { Config } from '../../services/platform/config.js'
import { isolatedConfig } from '../helpers/test-config.js'
import { TODOS_TEST_COUNT } from '../helpers/todos-suite.js'
import { pino } from 'pino'

const solution = await readFile(new URL('../../exercises/todos-crud/solution/node/server.js', import.meta.url), 'utf8')
// Each submission's files differ, so none is answered with an earlier one's result.
let serial = 0
const reference = (): Record<string, string> => ({ 'server.js': `${solution}\n// ${++serial}\n`, 'package.json': '{ "type": "module" }' })

/** A real worker on the test's queue; INFRA_TEST_LOG=warn shows what it says about outages. */
async function startWorker (t: Test, config: Config): Promise<GradingWorker> {
  const worker = await buildGradingWorker(config, pino({ level: process.env.INFRA_TEST_LOG ?? 'silent' }))
  t.teardown(async () => { await worker.close() })
  return worker
}

async function sleep (ms: number): Promise<void> { await new Promise((resolve) => setTimeout(resolve, ms)) }
async function until (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`)
    await sleep(50)
  }
}
async function socketError (path: string): Promise<Error> {
  return await new Promise((resolve) => { connect(path).on('error', resolve) })
}

t.test('errors are told apart: an unreachable dependency, or anything else', async (t) => {
  const gone = await socketError('/nonexistent/docker.sock')
  t.ok(isDockerUnavailable(gone), 'connect ENOENT on the socket')
  t.ok(isDockerUnavailable(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })))
  t.notOk(isDockerUnavailable(Object.assign(new Error('(HTTP code 409) conflict'), { statusCode: 409 })), 'an answer of the daemon')
  t.notOk(isDockerUnavailable(Object.assign(new Error('(HTTP code 404) no such image'), { statusCode: 404 })))
  t.equal(classifyInfraError(new InfraDown('docker', 'x')), 'docker')
  const refused = await new pg.Client({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 2000 }).connect().then(() => undefined, (err: Error) => err)
  t.equal(classifyInfraError(refused), 'postgres', 'connect ECONNREFUSED from pg')
  t.equal(classifyInfraError(new Error('Connection terminated unexpectedly')), 'postgres')
  t.equal(classifyInfraError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })), 'postgres')
  t.equal(classifyInfraError(Object.assign(new Error('the database system is starting up'), { code: '57P03' })), 'postgres')
  t.equal(classifyInfraError(new Error('Connection is closed.')), 'redis')
  t.equal(classifyInfraError(Object.assign(new Error("ENOENT: no such file or directory, open 'x'"), { code: 'ENOENT', syscall: 'open' })), undefined, 'a missing file is no outage')
  t.equal(classifyInfraError(Object.assign(new Error('duplicate key'), { code: '23505' })), undefined)
  t.equal(classifyInfraError(new Error('the grader crashed')), undefined)
})

t.test('one pause for many gradings meeting an outage, one resume once every dependency answers', async (t) => {
  const answers = { docker: false, postgres: false, redis: true }
  let pauses = 0
  let resumes = 0
  const health = createInfraHealth({
    probes: { docker: async () => answers.docker, postgres: async () => answers.postgres, redis: async () => answers.redis },
    logger: pino({ level: 'silent' }),
    firstProbeMs: 20,
    maxProbeMs: 40
  })
  t.teardown(() => { health.close() })
  health.attach({ pause: async () => { pauses++ }, resume: () => { resumes++ } })
  await Promise.all([health.down('docker'), health.down('docker'), health.down('postgres')])
  t.ok(health.paused())
  await sleep(150)
  t.equal(resumes, 0, 'still down')
  answers.docker = true
  await sleep(150)
  t.equal(resumes, 0, 'PostgreSQL still down')
  answers.postgres = true
  await until('resumed', () => resumes === 1, 2000)
  t.notOk(health.paused())
  t.ok(pauses >= 1)
})

t.test('Docker goes away', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'backlab-infra-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const proxy = await startStreamProxy({ path: join(dir, 'docker.sock') }, { path: '/var/run/docker.sock' })
  t.teardown(proxy.close)
  const config = await isolatedConfig(t, {
    DOCKER_SOCKET: join(dir, 'docker.sock'), JOB_BACKOFF_MS: '100', SQL_WARM_PODS: '0', SANDBOX_DEADLINE_MS: '15000'
  })
  const app = await build(t, config)
  const grading = await startWorker(t, config)

  t.test('a worker whose Docker socket is gone keeps its job uncounted, pauses, and grades it once Docker is back', async (t) => {
    await proxy.down()
    const id = await submit(app, 'todos-crud', reference())
    await until('the worker paused', () => grading.worker.isPaused())
    // Three attempts 100 and 200 ms apart would all have failed by now.
    await sleep(2000)
    const job = await app.gradeQueue.queue.getJob(id)
    t.equal(job?.attemptsMade, 0, "BullMQ's attempts are untouched")
    t.equal(await job?.getState(), 'delayed')
    t.match((await app.inject(`/api/v1/submissions/${id}`)).json(), { status: /^(queued|running)$/ })
    await proxy.up()
    const view = await waitForResult(app, id)
    t.match(view, { status: 'passed', verdict: 'passed', score: TODOS_TEST_COUNT, attempts: 1 })
    t.notOk(grading.worker.isPaused(), 'taking jobs again')
  })

  t.test('a pod whose daemon stops mid-grading is graded again, not judged a crash', async (t) => {
    const id = await submit(app, 'todos-crud', reference())
    await until('its pod runs', async () => await podsOf(id) >= 2)
    await sleep(300)
    // A stopping daemon: connections cut, then its containers killed.
    await proxy.down()
    t.ok(await killPodsOf(new Set([id])) >= 1, 'the pod was killed')
    await sleep(2000)
    await proxy.up()
    const view = await waitForResult(app, id)
    t.match(view, { status: 'passed', verdict: 'passed', attempts: 1 })
    t.equal(((await app.gradeQueue.queue.getJob(id))?.data as { infraRetries?: number } | undefined)?.infraRetries, 1, 'put back once')
  })

  t.test('a worker started while Docker is down waits for it instead of exiting', async (t) => {
    await proxy.down()
    let ready = false
    const starting = startWorker(t, config).then((w) => { ready = true; return w })
    await sleep(1500)
    t.notOk(ready, 'still waiting')
    await proxy.up()
    t.ok(await starting, 'started once Docker answers')
  })
})

t.test('PostgreSQL goes away', async (t) => {
  const config = await isolatedConfig(t, { JOB_BACKOFF_MS: '100', SQL_WARM_PODS: '0', SANDBOX_DEADLINE_MS: '15000' })
  const url = new URL(config.DATABASE_URL)
  const proxy = await startStreamProxy({ host: '127.0.0.1', port: 0 }, { host: url.hostname, port: Number(url.port === '' ? 5432 : url.port) })
  t.teardown(proxy.close)
  const app = await build(t, config)
  // The worker reaches the database through the proxy; the API directly.
  url.host = `127.0.0.1:${(proxy.endpoint as { port: number }).port}`
  const grading = await startWorker(t, { ...config, DATABASE_URL: url.toString() })

  t.test('a worker that cannot reach the database takes no jobs and loses no attempt', async (t) => {
    await proxy.down()
    const id = await submit(app, 'todos-crud', reference())
    await until('the worker paused', () => grading.worker.isPaused())
    await sleep(1500)
    const job = await app.gradeQueue.queue.getJob(id)
    t.equal(job?.attemptsMade, 0)
    await proxy.up()
    t.match(await waitForResult(app, id), { status: 'passed', attempts: 1 })
  })

  t.test('the database lost while a pod runs: the result is stored by a retry that counts as the same attempt', async (t) => {
    const id = await submit(app, 'todos-crud', reference())
    await until('its pod runs', async () => await podsOf(id) >= 2)
    await proxy.down()
    // The pod ends, storing its result fails, its containers go.
    await until('the pod is gone', async () => await podsOf(id) === 0, 30_000)
    await until('the worker paused', () => grading.worker.isPaused())
    t.equal((await app.gradeQueue.queue.getJob(id))?.attemptsMade, 0)
    await proxy.up()
    t.match(await waitForResult(app, id), { status: 'passed', attempts: 1 })
  })
})
