import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { HOST_BUSY_MESSAGE } from '../../services/submission/submissions-repository.js'
import { build } from '../helpers/build-app.js'
import { grade, startWorker, submit, waitForResult, type SubmissionView } from '../helpers/grading.js'
import { isolatedConfig } from '../helpers/test-config.js'

// The worker reads the kernel's runnable-task count from HOST_STAT_PATH. Here that is a file this
// test writes in /proc/stat's format, so it decides how busy the host looks before and during a
// grading; everything else (API, queue, worker, retries, containers) is real.
const dir = await mkdtemp(join(tmpdir(), 'busy-host-'))
t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
const stat = join(dir, 'stat')
/** `others` runnable tasks besides the worker's sampler. */
const hostRuns = async (others: number): Promise<void> => { await writeFile(stat, `cpu  0 0 0 0\nprocs_running ${others + 1}\n`) }
await hostRuns(0)

const pkg = '{ "type": "module" }'
// A realistic hang: the handler never answers. Every request waits out its timeout.
const hanging = "import http from 'node:http'\nhttp.createServer(() => {}).listen(process.env.PORT)\n"

t.test('a time limit is judged against the load the code met', async (t) => {
  const config = await isolatedConfig(t, {
    HOST_STAT_PATH: stat, SANDBOX_DEADLINE_MS: '3000', JOB_ATTEMPTS: '2', JOB_BACKOFF_MS: '50', WORKER_CONCURRENCY: '1'
  })
  const app = await build(t, config)
  await startWorker(t, config)

  t.test('quiet host: the hang is the learner\'s, and the result says it depended on time', async (t) => {
    await hostRuns(0)
    await sleep(3200) // the worker's recent-load window
    const view = await grade(app, 'todos-crud', { 'server.js': hanging, 'package.json': pkg })
    t.match(view, { status: 'failed', verdict: 'time_limit', attempts: 1 })
    t.match(view.timings, { timedWaits: Number, timeScale: 1, hostSlowdown: 1 })
    t.ok((view.timings.timedWaits ?? 0) > 0, `${view.timings.timedWaits ?? 0} waits ran out`)
    t.match(view.message, /Grading stopped after 3 s, the time limit for this exercise\./)

    const again = await app.inject({ method: 'POST', url: '/api/v1/submissions', payload: { exercise: 'todos-crud', files: { 'server.js': hanging, 'package.json': pkg } } })
    t.equal(again.statusCode, 202, 'identical files are graded again: a verdict that depended on time is never replayed')
    t.equal(again.json().duplicate, false)
    await waitForResult(app, again.json().id as string)
  })

  t.test('busy before the pod started: the limits stretch, and what still ran out is the learner\'s', async (t) => {
    await hostRuns(6) // 6 others and the new pod on 2 cores: ×3.5
    await sleep(3200)
    const view = await grade(app, 'todos-crud', { 'server.js': hanging, 'package.json': pkg })
    t.match(view, { status: 'failed', verdict: 'time_limit', attempts: 1, message: /the time limit for this exercise \(3 s, stretched ×3\.5 because the host was busy\)/ })
    t.match(view.timings, { timeScale: 3.5 })
  })

  t.test('the host slows down mid-grading, but a hang waits for no CPU: still the learner\'s, not retried', async (t) => {
    await hostRuns(0)
    await sleep(3200)
    const id = await submit(app, 'todos-crud', { 'server.js': hanging, 'package.json': pkg })
    // The load arrives once the pod has started with its limits unstretched.
    for (let view: SubmissionView | undefined; view?.status !== 'running';) {
      view = (await app.inject({ url: `/api/v1/submissions/${id}` })).json() as SubmissionView
      await sleep(50)
    }
    await sleep(1500)
    await hostRuns(30)
    const view = await waitForResult(app, id, 120_000)
    // The real host may be busy too (other test files): a server still starting can then wait
    // for a CPU, and that attempt is rightly retried. Whatever attempt stands, it is judged on
    // the facts it recorded: a verdict only where the code waited for no CPU.
    if (view.status === 'error') {
      t.match(view, { verdict: 'platform_error', message: HOST_BUSY_MESSAGE, tests: [] }, 'starved on every attempt: inconclusive, nothing held against the learner')
      return
    }
    t.match(view, { status: 'failed', verdict: 'time_limit' })
    t.ok((view.timings.hostSlowdown ?? 0) > 5, `the host looked ×${view.timings.hostSlowdown ?? 0} slower`)
    t.ok((view.timings.learnerCpuWait ?? 1) < 0.2, `the hanging server waited ${view.timings.learnerCpuWait ?? '?'} of the time for a CPU`)
  })
})
