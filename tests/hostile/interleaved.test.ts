// 20 hostile submissions (the corpus, round-robin over its kinds) interleaved with 20 good ones
// (the reference solution), all submitted at once to one worker: no attack may spoil a neighbour's
// grading, leave a container behind, or make the worker's memory or the temp directory grow.
// The deadline is longer than the corpus's 6 s: under 40 gradings on two cores (and whatever else
// the machine runs), a good submission must not fail for lack of time rather than because of a
// neighbour.
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import t from 'tap'
import { createDockerEngine } from '../../services/platform/docker/docker-engine.js'
import { build } from '../helpers/build-app.js'
import { startWorker, submit, waitForResult, type SubmissionView } from '../helpers/grading.js'
import { isolatedConfig } from '../helpers/test-config.js'
import { ATTACKS, attackFiles, containersOf, CORPUS_CONFIG, pollUntilEmpty, referenceSolution, retriedForTheHost, type Attack } from './corpus.js'
import { TODOS_TEST_COUNT } from '../helpers/todos-suite.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const MB = 1024 * 1024

/** The heap after letting pending work finish and collecting garbage a few times. */
async function settledHeap (): Promise<{ heapUsed: number, rss: number }> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 300))
    gc()
  }
  const { heapUsed, rss } = process.memoryUsage()
  return { heapUsed, rss }
}

/** Takes the attacks of each kind in turn, so 20 of them cover every kind. */
function roundRobin (attacks: Attack[], n: number): Attack[] {
  const byKind = new Map<string, Attack[]>()
  for (const a of attacks) byKind.set(a.kind, [...(byKind.get(a.kind) ?? []), a])
  const queues = [...byKind.values()]
  const picked: Attack[] = []
  for (let i = 0; picked.length < n; i++) {
    const queue = queues[i % queues.length] ?? []
    const next = queue[Math.floor(i / queues.length) % queue.length]
    if (next !== undefined) picked.push(next)
  }
  return picked
}

t.test('20 hostile submissions interleaved with 20 good ones', async (t) => {
  // This process's own temp directory: whatever the API or worker (both hosted here) leave in
  // os.tmpdir() is theirs, not another process's on the machine.
  const systemTmp = tmpdir()
  const privateTmp = await mkdtemp(join(systemTmp, 'backlab-hostile-tmp-'))
  process.env.TMPDIR = privateTmp
  t.teardown(async () => {
    process.env.TMPDIR = systemTmp
    await rm(privateTmp, { recursive: true, force: true })
  })
  const config = await isolatedConfig(t, { ...CORPUS_CONFIG, SANDBOX_DEADLINE_MS: '10000' })
  const app = await build(t, config)
  await startWorker(t, config)
  const engine = createDockerEngine(config.DOCKER_SOCKET)
  const good = await referenceSolution()

  // A first grading warms up everything the baseline should include (pools, compiled code).
  const warm = await waitForResult(app, await submit(app, 'todos-crud', good), 60_000)
  t.equal(warm.status, 'passed', 'the warm-up grading passes')
  const systemTmpBefore = new Set(await readdir(systemTmp))
  const tmpBefore = new Set(await readdir(tmpdir()))
  const heapBefore = await settledHeap()

  const hostile = roundRobin(ATTACKS, 20)
  const plan = hostile.flatMap((attack) => [{ attack }, { attack: undefined }])
  const started = Date.now()
  const submitted = await Promise.all(plan.map(async ({ attack }) => {
    const files = attack === undefined ? good : (await attackFiles(attack.name)).files
    return { attack, id: await submit(app, 'todos-crud', files) }
  }))
  const views = await Promise.all(submitted.map(async (s) => ({ ...s, view: await waitForResult(app, s.id, 170_000) })))
  t.comment(`40 submissions graded in ${Math.round((Date.now() - started) / 1000)} s`)

  const goodViews = views.filter((v) => v.attack === undefined).map((v) => v.view)
  t.equal(goodViews.length, 20)
  const spoiled = goodViews.filter((v) => v.status !== 'passed' || v.score !== TODOS_TEST_COUNT || v.maxScore !== TODOS_TEST_COUNT || v.attempts !== 1)
  t.same(spoiled.map(summary), [], `every good submission passed ${TODOS_TEST_COUNT}/${TODOS_TEST_COUNT} on its first attempt`)

  const hostileViews = views.filter((v): v is typeof v & { attack: Attack } => v.attack !== undefined)
  t.equal(hostileViews.length, 20)
  for (const { attack, view } of hostileViews) {
    t.not(view.status, 'passed', `${attack.name} did not pass (${view.verdict})`)
    t.equal(view.status, 'failed', `${attack.name} was graded as the learner's result`)
    t.ok(view.attempts === 1 || await retriedForTheHost(app.gradeQueue.queue, view), `${attack.name} was not retried (attempts ${view.attempts}), or only for a busy host`)
    if (view.verdict !== attack.verdict) t.comment(`${attack.name}: ${view.verdict} here, ${attack.verdict} expected in the corpus`)
  }

  const left = await pollUntilEmpty(async () => (await Promise.all(views.map(async (v) => await containersOf(engine, v.id)))).flat())
  t.same(left, [], 'no container is left for any of the 40')

  const heapAfter = await settledHeap()
  const growth = heapAfter.heapUsed - heapBefore.heapUsed
  t.comment(`heapUsed ${(heapBefore.heapUsed / MB).toFixed(1)} MB before, ${(heapAfter.heapUsed / MB).toFixed(1)} MB after ` +
    `(${growth >= 0 ? '+' : ''}${(growth / MB).toFixed(1)} MB); rss ${(heapBefore.rss / MB).toFixed(0)} → ${(heapAfter.rss / MB).toFixed(0)} MB`)
  t.ok(growth < 100 * MB, 'the heap of the process hosting the worker grew by less than 100 MB')

  const tmpNew = (await readdir(tmpdir())).filter((name) => !tmpBefore.has(name))
  t.comment(`os.tmpdir() of the worker: ${tmpBefore.size} entries before, ${tmpBefore.size + tmpNew.length} after; new: ${tmpNew.join(', ') || 'none'}`)
  t.same(tmpNew, [], 'no new entry in the worker\'s os.tmpdir()')
  // The machine's /tmp is shared with every other process: only entries naming Backlab or one of
  // these submissions count; the rest are listed.
  const systemNew = (await readdir(systemTmp)).filter((name) => !systemTmpBefore.has(name))
  t.comment(`${systemTmp}: ${systemTmpBefore.size} entries before, ${systemTmpBefore.size + systemNew.length} after; new: ${systemNew.join(', ') || 'none'}`)
  t.same(systemNew.filter((name) => /backlab/i.test(name) || views.some((v) => name.includes(v.id))), [], `no new Backlab entry in ${systemTmp}`)
})

function summary (view: SubmissionView): string {
  return `${view.id}: ${view.status} ${view.verdict} ${view.score}/${view.maxScore} attempts ${view.attempts}: ${view.message?.slice(0, 200) ?? ''}`
}
