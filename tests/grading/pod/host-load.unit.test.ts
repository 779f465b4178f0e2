import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { createHostLoad, MAX_TIME_SCALE, ownRunnable } from '../../../services/grading/pod/host-load.js'

// The kernel's own counter, from a file written like /proc/stat: the host is not ours to load here.
async function statFile (t: Test, running: number): Promise<{ path: string, set: (n: number) => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'host-load-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const path = join(dir, 'stat')
  const set = async (n: number): Promise<void> => { await writeFile(path, `cpu  1 2 3 4\nprocs_running ${n}\nprocs_blocked 0\n`) }
  await set(running)
  return { path, set }
}

t.test('a quiet host stretches nothing; a loaded one stretches by the share of a core, capped', async (t) => {
  const stat = await statFile(t, 1)
  const load = createHostLoad({ cpus: 2, statPath: stat.path })
  t.teardown(load.close)
  await sleep(350)
  t.equal(load.timeScale(), 1, 'only the sampler runs')
  await stat.set(6)
  const from = performance.now()
  await sleep(3300)
  t.equal(load.timeScale(), 3, '5 others and the new pod on 2 cores')
  t.equal(load.slowdownDuring(from + 200, performance.now()), 2.5, 'the learner\'s task and 4 others on 2 cores')
  t.equal(load.slowdownDuring(from + 200, performance.now(), 3), 1.5, 'the learner\'s own CPU use is not the host\'s')
  await stat.set(40)
  await sleep(3300)
  t.equal(load.timeScale(), MAX_TIME_SCALE)
})

t.test('no samples in a window: unknown, not quiet', async (t) => {
  const stat = await statFile(t, 1)
  const load = createHostLoad({ cpus: 2, statPath: stat.path })
  t.teardown(load.close)
  t.equal(load.slowdownDuring(-2000, -1000), undefined)
})

t.test('the learner\'s own runnable tasks are counted from its CPU time and its wait for a CPU', async (t) => {
  // A fork bomb under runsc, measured on a loaded host: its container used 0.6 CPU-seconds a
  // second, and its tasks (sentry, gofer, ptrace stubs) waited 1.4 s a second on top: two of the
  // host's runnable tasks were its own, not the one its CPU time alone would say.
  const window = { from: 1000, to: 11_000, learnerCpuMs: 6000, learnerWaitMs: 14_000 }
  t.equal(ownRunnable(window), 2)
  t.equal(ownRunnable({ from: 0, to: 1000 }), 0, 'nothing measured: nothing subtracted but the learner\'s one task')
  const stat = await statFile(t, 1)
  const load = createHostLoad({ cpus: 2, statPath: stat.path })
  t.teardown(load.close)
  await stat.set(7)
  const from = performance.now()
  await sleep(1200)
  const to = performance.now()
  // 6 runnable besides the sampler: 2 the learner's, 4 others, on 2 cores.
  t.equal(load.slowdownDuring(from + 200, to, ownRunnable({ ...window, from, to: from + 10_000 })), 2.5, 'the learner\'s task and 4 others on 2 cores')
  t.equal(load.slowdownDuring(from + 200, to, 0.6), 3, 'from its CPU time alone, one of its tasks would count as outside load')
})
