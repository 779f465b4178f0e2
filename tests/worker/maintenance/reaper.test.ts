import t from 'tap'
import { pino } from 'pino'
import { randomUUID } from 'node:crypto'
import { loadConfig } from '../../../services/shared/config.js'
import { createDockerEngine } from '../../../services/shared/docker/docker-engine.js'
import { reapExpiredContainers } from '../../../services/worker/maintenance/reaper.js'

t.test('the reaper removes containers past their deadline and leaves live pods alone', async (t) => {
  const engine = createDockerEngine(loadConfig().DOCKER_SOCKET)
  const make = async (deadline: number) => await engine.create({
    name: `backlab-reaper-test-${randomUUID()}`,
    image: 'backlab/runtime-node',
    cmd: ['sleep', '60'],
    env: {},
    labels: { 'backlab.managed': 'true', 'backlab.submission': 'reaper-test', 'backlab.deadline': String(deadline) },
    user: '10001:10001',
    networkMode: 'none',
    memoryBytes: 64 * 1024 * 1024,
    nanoCpus: 5e8,
    pidsLimit: 16,
    tmpfs: { '/work': 'rw,size=1m,uid=10001,gid=10001' }
  }, { stdout: () => {}, stderr: () => {} })
  const abandoned = await make(Date.now() - 60_000)
  await abandoned.start(Buffer.alloc(1024))
  const live = await make(Date.now() + 60_000)
  t.teardown(async () => { await live.remove(); await abandoned.remove() })

  await reapExpiredContainers(engine, pino({ level: 'silent' }))
  const ids = (await engine.listByLabel('backlab.submission=reaper-test')).map((c) => c.id)
  t.notOk(ids.includes(abandoned.id), 'the abandoned container is gone')
  t.ok(ids.includes(live.id), 'the live one is kept')
})
