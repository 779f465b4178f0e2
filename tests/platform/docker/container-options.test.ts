// Inside real learner containers: what containerOptions sets (container-options.unit.test.ts) is
// what the container gets, and the seccomp profile refuses what it says, under runc and runsc.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import t from 'tap'
import { loadConfig } from '../../../services/platform/config.js'
import { createDockerEngine } from '../../../services/platform/docker/docker-engine.js'
import { learnerSpec } from '../../../services/grading/pod/pod-spec.js'
import { packFiles } from '../../../services/platform/tar-files.js'
import { testPodPlan } from '../../helpers/pod-plan.js'

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' })
const plan = testPodPlan(config)

for (const runtime of ['runc', 'runsc'] as const) {
  t.test(`under ${runtime}: io_uring_setup and a ptrace attach to PID 1 fail inside a real learner container`, async (t) => {
    const engine = createDockerEngine(config.DOCKER_SOCKET, { sandboxRuntime: runtime })
    const available = await engine.sandboxRuntime().then(() => true, () => false)
    if (!available) { t.comment(`skipped: the daemon has no runtime ${runtime}`); return }
    let output = ''
    const spec = { ...learnerSpec({ ...plan, submissionId: `syscalls-${runtime}-${process.pid}` }), cmd: ['sh', 'probe.sh'] }
    const container = await engine.create(spec, { stdout: (c) => { output += c.toString() }, stderr: (c) => { output += c.toString() } })
    t.teardown(async () => { await container.remove() })
    const { stdout: inspected } = await promisify(execFile)('docker', ['inspect', '-f', '{{.HostConfig.Runtime}}', container.id])
    t.equal(inspected.trim(), runtime, `the container runs under ${runtime}`)
    await container.start(await packFiles({
      // x86_64 numbers: io_uring_setup 425, ptrace 101 (PTRACE_ATTACH 16, PTRACE_DETACH 17).
      'probe.sh': [
        'sleep 5 &',
        'perl -e \'use Errno; sub r { print "$_[0]=", ($_[1] >= 0 ? "ALLOWED" : $!{EPERM} ? "EPERM" : $!{ENOSYS} ? "ENOSYS" : "errno" . ($! + 0)), "\\n" }',
        ' my $p = "\\0" x 120; r("io_uring_setup", syscall(425, 8, $p));',
        ' my $a = syscall(101, 16, 1, 0, 0); syscall(101, 17, 1, 0, 0) if $a >= 0; r("ptrace_attach_1", $a);',
        ' r("unshare_user", syscall(272, 0x10000000));\'',
        'uname -r',
        'node -e "new (require(\'node:worker_threads\').Worker)(\'1\', { eval: true }).on(\'exit\', () => console.log(\'threads=ok\'))"'
      ].join('\n')
    }))
    const exit = await container.exited
    t.equal(exit.exitCode, 0, output)
    t.match(output, /io_uring_setup=(EPERM|ENOSYS)\n/, 'io_uring_setup is refused')
    t.match(output, /ptrace_attach_1=(EPERM|ENOSYS)\n/, 'ptrace attach to PID 1 is refused')
    t.match(output, /unshare_user=(EPERM|ENOSYS)\n/, 'no new user namespace')
    t.match(output, /threads=ok/, 'threads still start (clone without namespace flags)')
    if (runtime === 'runsc') t.match(output, /^4\.4\.0$/m, "the code talks to gVisor's kernel")
  })
}

for (const runtime of ['runc', 'runsc'] as const) {
  t.test(`inside a real learner container under ${runtime}: no privileges, no network, nothing writable but tmpfs`, async (t) => {
    const engine = createDockerEngine(config.DOCKER_SOCKET, { sandboxRuntime: runtime })
    if (!await engine.sandboxRuntime().then(() => true, () => false)) { t.comment(`skipped: the daemon has no runtime ${runtime}`); return }
    let output = ''
    const spec = { ...learnerSpec({ ...plan, submissionId: `probe-${runtime}-${process.pid}` }), cmd: ['sh', 'probe.sh'] }
    const container = await engine.create(spec, { stdout: (c) => { output += c.toString() }, stderr: (c) => { output += c.toString() } })
    t.teardown(async () => { await container.remove() })
    const { stdout: inspected } = await promisify(execFile)('docker', ['inspect', '-f', '{{json .HostConfig}}', container.id])
    const host = JSON.parse(inspected) as Record<string, unknown>
    t.match(host, { NetworkMode: 'none', ReadonlyRootfs: true, Privileged: false, CapDrop: ['ALL'] }, 'the daemon applied the settings')
    t.equal((host.SecurityOpt as string[])[0], 'no-new-privileges')
    t.match((host.SecurityOpt as string[])[1], /^seccomp=\{/, 'our seccomp profile')

    await container.start(await packFiles({
      'probe.sh': [
        'echo "uid=$(id -u)"',
        'grep -E "^(CapEff|NoNewPrivs|Seccomp):" /proc/self/status',
        // gVisor has no /sys/class/net; /proc/net/dev lists the same interfaces.
        'echo "interfaces=$( (ls /sys/class/net 2>/dev/null || tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " ") | tr "\\n" " ")"',
        'touch /usr/x 2>/dev/null && echo "rootfs=writable" || echo "rootfs=read-only"',
        'touch /work/x && echo "work=writable"',
        'echo "env=$(env | cut -d= -f1 | sort | tr "\\n" " ")"'
      ].join('\n')
    }))
    const exit = await container.exited
    t.equal(exit.exitCode, 0, output)
    t.match(output, /uid=10001/)
    t.match(output, /CapEff:\s+0000000000000000/, 'no capabilities')
    // gVisor's /proc/self/status has no NoNewPrivs line (the flag is set all the same).
    if (runtime === 'runc') t.match(output, /NoNewPrivs:\s+1/)
    t.match(output, /Seccomp:\s+2/, 'a seccomp filter is active')
    t.match(output, /interfaces=lo \n/, 'only the loopback interface')
    t.match(output, /rootfs=read-only/)
    t.match(output, /work=writable/)
    // NODE_OPTIONS: the image's entrypoint sets the heap limit (docker/runtime-node/node-start).
    t.match(output, /env=HOME HOSTNAME NODE_ENV (NODE_OPTIONS )?OLDPWD PATH PORT PWD \n/, 'only allow-listed variables (and the shell\'s own)')
  })
}
