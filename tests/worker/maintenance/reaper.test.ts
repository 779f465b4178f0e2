import t from 'tap'
import { pino } from 'pino'
import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { loadConfig } from '../../../services/platform/config.js'
import { createDockerEngine } from '../../../services/platform/docker/docker-engine.js'
import { reapExpiredContainers } from '../../../services/worker/maintenance/reaper.js'

t.test('the reaper removes containers past their deadline or of a dead worker, and leaves live pods alone', async (t) => {
  const engine = createDockerEngine(loadConfig().DOCKER_SOCKET)
  const make = async (deadline: number, workerPid = process.pid) => await engine.create({
    name: `backlab-reaper-test-${randomUUID()}`,
    image: 'backlab/runtime-node',
    cmd: ['sleep', '60'],
    env: {},
    labels: {
      'backlab.managed': 'true',
      'backlab.submission': 'reaper-test',
      'backlab.deadline': String(deadline),
      'backlab.worker-host': hostname(),
      'backlab.worker-pid': String(workerPid)
    },
    user: '10001:10001',
    networkMode: 'none',
    memoryBytes: 64 * 1024 * 1024,
    nanoCpus: 5e8,
    pidsLimit: 16,
    fileSizeBytes: 1024 * 1024,
    openFiles: 64,
    tmpfs: { '/work': 'rw,size=1m,uid=10001,gid=10001' }
  }, { stdout: () => {}, stderr: () => {} })
  const abandoned = await make(Date.now() - 60_000)
  await abandoned.start(Buffer.alloc(1024))
  const live = await make(Date.now() + 60_000)
  // A worker that has exited: a process that ran and is gone, so its pid is free.
  const exited = spawnSync(process.execPath, ['-e', '0'])
  const orphan = await make(Date.now() + 60_000, exited.pid)
  t.teardown(async () => { await live.remove(); await abandoned.remove(); await orphan.remove() })

  t.equal(await reapExpiredContainers(engine, pino({ level: 'silent' })), 2)
  const ids = (await engine.listByLabel('backlab.submission=reaper-test')).map((c) => c.id)
  t.notOk(ids.includes(abandoned.id), 'the container past its deadline is gone')
  t.notOk(ids.includes(orphan.id), 'the container of an exited worker is gone')
  t.ok(ids.includes(live.id), 'the live one is kept')
})
