import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { createCpuWaitMeter } from '../../../services/grading/pod/cpu-wait.js'

// The meter reads a container's task list from its cgroup and each task's scheduler statistics
// from /proc. Here the task list is a file naming real threads of this machine; /proc is real.
async function cgroupWith (t: Test, tids: string[]): Promise<{ root: string, set: (tids: string[], throttledNs?: number) => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'cpu-wait-'))
  t.teardown(async () => { await rm(root, { recursive: true, force: true }) })
  await mkdir(join(root, 'cpu/docker/abc'), { recursive: true })
  const set = async (list: string[], throttledNs = 0): Promise<void> => {
    await writeFile(join(root, 'cpu/docker/abc/tasks'), list.join('\n') + '\n')
    await writeFile(join(root, 'cpu/docker/abc/cpu.stat'), `nr_periods 1\nnr_throttled 0\nthrottled_time ${throttledNs}\n`)
  }
  await set(tids)
  return { root, set }
}

t.test('an idle process waits for no CPU; its own quota throttling is counted apart', async (t) => {
  const cgroup = await cgroupWith(t, [String(process.pid)])
  const meter = createCpuWaitMeter('abc', { cgroup: cgroup.root })
  await meter.sample()
  await new Promise((resolve) => setTimeout(resolve, 300))
  await cgroup.set([String(process.pid)], 250e6)
  await meter.sample()
  const totals = meter.totals()
  t.ok(totals !== undefined, 'the kernel keeps scheduler statistics here')
  t.ok((totals?.waitedMs ?? Infinity) < 100, `waited ${totals?.waitedMs ?? '?'} ms in 300 ms of sleeping`)
  t.equal(totals?.throttledMs, 250)
})

t.test('tasks gone and unreadable cgroups: nothing to say, not zero', async (t) => {
  const meter = createCpuWaitMeter('missing', { cgroup: join(tmpdir(), 'no-such-cgroup') })
  await meter.sample()
  t.equal(meter.totals(), undefined)
})
