// The exit facts of a real learner container under each runtime: the kernel's OOM kill is
// memory_limit's fact even where Docker's OOMKilled flag is late (runsc), and appEnded tells a
// running app from a container whose code has ended.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import t from 'tap'
import { loadConfig } from '../../../services/platform/config.js'
import { createDockerEngine } from '../../../services/platform/docker/docker-engine.js'
import { kernelClockUs, kernelLogShowsOomKill } from '../../../services/platform/docker/kernel-oom-log.js'
import { learnerSpec } from '../../../services/grading/pod/pod-spec.js'
import { packFiles } from '../../../services/platform/tar-files.js'
import { testPodPlan } from '../../helpers/pod-plan.js'

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' })
const plan = testPodPlan(config, { memoryMb: 128 })

for (const runtime of ['runc', 'runsc'] as const) {
  t.test(`under ${runtime}: a memory bomb's exit is the kernel's OOM kill, and a running app has not ended`, async (t) => {
    const engine = createDockerEngine(config.DOCKER_SOCKET, { sandboxRuntime: runtime })
    if (!await engine.sandboxRuntime().then(() => true, () => false)) { t.comment(`skipped: the daemon has no runtime ${runtime}`); return }
    let output = ''
    const spec = { ...learnerSpec({ ...plan, submissionId: `oom-${runtime}-${process.pid}` }), cmd: ['sh', 'bomb.sh'] }
    const container = await engine.create(spec, { stdout: (c) => { output += c.toString() }, stderr: (c) => { output += c.toString() } })
    t.teardown(async () => { await container.remove() })
    await container.start(await packFiles({
      // Says it runs, leaves the test time to ask appEnded, then allocates without end.
      'bomb.sh': [
        'echo running',
        'sleep 6',
        'exec node -e "const a = []; setInterval(() => { for (let i = 0; i < 20; i++) a.push(Buffer.alloc(1 << 20, 1)) }, 10)"'
      ].join('\n')
    }))
    const startedUs = kernelClockUs()
    for (let i = 0; i < 100 && !output.includes('running'); i++) await new Promise((resolve) => setTimeout(resolve, 50))
    const { stdout: pid } = await promisify(execFile)('docker', ['inspect', '-f', '{{.State.Pid}}', container.id])
    t.equal(await engine.appEnded(container.id), false, 'while the app runs, it has not ended')
    const exit = await container.exited
    t.same(exit, { exitCode: 137, oomKilled: true }, `the kernel OOM-killed it (${output.slice(-300)})`)
    if (runtime === 'runsc') {
      t.equal(await engine.appEnded(container.id), true, 'once its sandbox is gone, its code has ended')
      // Docker's flag may have come in time here; the kernel's own record must be there regardless.
      const logged = kernelLogShowsOomKill({ pids: [Number(pid)], containerId: container.id, sinceUs: startedUs - 1_000_000 })
      if (logged !== undefined) t.equal(logged, true, `the kernel's log records the OOM kill of the sandbox (pid ${pid.trim()})`)
    }
  })
}
