import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import t from 'tap'
import { loadConfig } from '../../../services/shared/config.js'
import { containerOptions, createDockerEngine } from '../../../services/shared/docker/docker-engine.js'
import { ceilings } from '../../../services/shared/sandbox-limits.js'
import { graderSpec, learnerSpec, postgresSpec, type PodPlan } from '../../../services/worker/pod/pod-spec.js'
import { packFiles } from '../../../services/shared/tar-files.js'

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' })
const plan: PodPlan = {
  submissionId: '00000000-0000-4000-8000-000000000000',
  attempt: 1,
  runtime: 'node',
  port: 3000,
  graderEntry: 'suite.test.mjs',
  services: [],
  secrets: { exercise: {}, controlToken: 'control', postgresAdmin: 'admin' },
  limits: ceilings(config),
  imagePrefix: 'backlab/',
  deadlineAt: Date.now() + 60_000,
  graderCpus: 2,
  timeScale: 1
}

t.test('every pod container is created hardened', async (t) => {
  for (const options of [containerOptions(learnerSpec(plan)), containerOptions(graderSpec(plan, 'abc123')), containerOptions(postgresSpec(plan, 'abc123'))]) {
    const host = options.HostConfig ?? {}
    t.match(host, {
      Privileged: false,
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      PublishAllPorts: false,
      PortBindings: {},
      IpcMode: 'private',
      RestartPolicy: { Name: 'no' },
      LogConfig: { Type: 'none', Config: {} }
    }, options.name ?? '')
    t.equal(host.MemorySwap, host.Memory, 'no swap')
    t.ok((host.PidsLimit ?? 0) > 0 && (host.NanoCpus ?? 0) > 0 && (host.Memory ?? 0) > 0, 'pids, CPU and memory capped')
    t.same(host.Ulimits?.map((u) => u.Name), ['nofile', 'fsize', 'core'])
    t.equal(host.Binds, undefined, 'no host paths')
    t.equal(host.Mounts, undefined, 'no host mounts')
    t.notOk(JSON.stringify(host).includes('docker.sock'))
    t.notOk(JSON.stringify(host).includes('unconfined'), 'the default seccomp profile is kept')
    t.match(options.User, /^100\d\d:100\d\d$/, 'a non-root user')
    t.ok(Object.values(host.Tmpfs ?? {}).every((o) => /size=\d+m/.test(o)), 'every tmpfs has a size')
  }
  t.equal(containerOptions(learnerSpec(plan)).HostConfig?.Init, false, "the learner's supervisor is PID 1, which nothing inside can kill")
  t.equal(containerOptions(graderSpec(plan, 'abc123')).HostConfig?.Init, true, 'docker-init reaps and forwards signals in the grader')
  t.equal(containerOptions(postgresSpec(plan, 'abc123')).HostConfig?.NetworkMode, 'container:abc123')
  t.equal(containerOptions(learnerSpec(plan)).HostConfig?.NetworkMode, 'none')
  t.equal(containerOptions(graderSpec(plan, 'abc123')).HostConfig?.NetworkMode, 'container:abc123')
  t.same(containerOptions(learnerSpec(plan)).Env, ['PORT=3000', 'HOME=/tmp', 'NODE_ENV=production'], 'an explicit allow-list')
})

t.test('inside a real learner container: no privileges, no network, nothing writable but tmpfs', async (t) => {
  const engine = createDockerEngine(config.DOCKER_SOCKET)
  let output = ''
  const spec = { ...learnerSpec({ ...plan, submissionId: `probe-${process.pid}` }), cmd: ['sh', 'probe.sh'] }
  const container = await engine.create(spec, { stdout: (c) => { output += c.toString() }, stderr: (c) => { output += c.toString() } })
  t.teardown(async () => { await container.remove() })
  const { stdout: inspected } = await promisify(execFile)('docker', ['inspect', '-f', '{{json .HostConfig}}', container.id])
  const host = JSON.parse(inspected) as Record<string, unknown>
  t.match(host, { NetworkMode: 'none', ReadonlyRootfs: true, Privileged: false, CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'] }, 'the daemon applied the settings')

  await container.start(await packFiles({
    'probe.sh': [
      'echo "uid=$(id -u)"',
      'grep -E "^(CapEff|NoNewPrivs|Seccomp):" /proc/self/status',
      'echo "interfaces=$(ls /sys/class/net | tr "\\n" " ")"',
      'touch /usr/x 2>/dev/null && echo "rootfs=writable" || echo "rootfs=read-only"',
      'touch /work/x && echo "work=writable"',
      'echo "env=$(env | cut -d= -f1 | sort | tr "\\n" " ")"'
    ].join('\n')
  }))
  const exit = await container.exited
  t.equal(exit.exitCode, 0, output)
  t.match(output, /uid=10001/)
  t.match(output, /CapEff:\s+0000000000000000/, 'no capabilities')
  t.match(output, /NoNewPrivs:\s+1/)
  t.match(output, /Seccomp:\s+2/, 'a seccomp filter is active')
  t.match(output, /interfaces=lo \n/, 'only the loopback interface')
  t.match(output, /rootfs=read-only/)
  t.match(output, /work=writable/)
  t.match(output, /env=HOME HOSTNAME NODE_ENV OLDPWD PATH PORT PWD \n/, 'only allow-listed variables (and the shell\'s own)')
})
