// Every pod container's options, as containerOptions builds them for the Docker daemon: hardened,
// Backlab's seccomp profile, the sandbox runtime only where learners' code runs. No daemon needed;
// container-options.test.ts checks the same settings from inside real containers.
import t from 'tap'
import { loadConfig } from '../../../services/platform/config.js'
import { containerOptions, RUNSC_HOST_TASKS_PER_TASK, RUNSC_MEMORY_ALLOWANCE_BYTES, type OciRuntime } from '../../../services/platform/docker/docker-engine.js'
import { DENIED_SYSCALLS, learnerSeccompProfile } from '../../../services/platform/docker/seccomp-profile.js'
import { graderSpec, learnerSpec, postgresSpec } from '../../../services/grading/pod/pod-spec.js'
import { testPodPlan } from '../../helpers/pod-plan.js'

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' })
const plan = testPodPlan(config)

t.test('every pod container is created hardened', async (t) => {
  for (const options of [containerOptions(learnerSpec(plan)), containerOptions(graderSpec(plan, 'abc123')), containerOptions(postgresSpec(plan, 'abc123'))]) {
    const host = options.HostConfig ?? {}
    t.match(host, {
      Privileged: false,
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
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
    t.notOk(JSON.stringify(host).includes('unconfined'), 'never unconfined')
    t.same(host.SecurityOpt, ['no-new-privileges', `seccomp=${JSON.stringify(learnerSeccompProfile('runc'))}`], "no-new-privileges and Backlab's own seccomp profile")
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

t.test("Backlab's seccomp profile refuses io_uring, ptrace and namespaces on top of what Docker's default refuses", async (t) => {
  for (const runtime of ['runc', 'runsc'] as const) {
    const profile = learnerSeccompProfile(runtime)
    t.equal(profile.defaultAction, 'SCMP_ACT_ALLOW', 'a deny list')
    const denied = profile.syscalls.filter((r) => r.args === undefined).flatMap((r) => r.names)
    for (const name of ['io_uring_setup', 'io_uring_enter', 'io_uring_register', 'ptrace', 'process_vm_readv', 'process_vm_writev',
      'mount', 'umount2', 'unshare', 'setns', 'keyctl', 'add_key', 'request_key', 'bpf', 'perf_event_open', 'userfaultfd',
      'init_module', 'finit_module', 'delete_module', 'kexec_load', 'kexec_file_load', 'reboot', 'swapon', 'swapoff',
      'pivot_root', 'open_by_handle_at', 'name_to_handle_at', 'clock_settime', 'settimeofday', 'acct', 'syslog']) {
      t.ok(denied.includes(name), `${runtime}: ${name} is refused`)
    }
    const cloneRules = profile.syscalls.filter((r) => r.names.includes('clone'))
    t.equal(cloneRules.length, 7, `${runtime}: clone() with any of the 7 namespace flags is refused`)
    t.ok(cloneRules.every((r) => r.args?.[0]?.op === 'SCMP_CMP_MASKED_EQ' && r.args[0].value === r.args[0].valueTwo))
  }
  t.ok(learnerSeccompProfile('runc').syscalls.some((r) => r.names.includes('clone3') && r.errnoRet === 38), 'runc: clone3 is ENOSYS, so libc falls back to clone')
  t.notOk(learnerSeccompProfile('runsc').syscalls.some((r) => r.names.includes('clone3')), 'runsc: no clone3 rule (gVisor answers EPERM to any refusal, and has no clone3)')
  t.equal(new Set(DENIED_SYSCALLS).size, DENIED_SYSCALLS.length, 'no name twice')
})

t.test('the sandbox runtime applies to the containers that run learner code, never to the grader', async (t) => {
  for (const runtime of ['runc', 'runsc'] as OciRuntime[]) {
    const learner = containerOptions(learnerSpec(plan), runtime).HostConfig ?? {}
    const sidecar = containerOptions(postgresSpec(plan, 'abc123'), runtime).HostConfig ?? {}
    const grader = containerOptions(graderSpec(plan, 'abc123'), runtime).HostConfig ?? {}
    t.equal(learner.Runtime, runtime === 'runsc' ? 'runsc' : undefined, `${runtime}: the learner's container`)
    t.equal(sidecar.Runtime, runtime === 'runsc' ? 'runsc' : undefined, `${runtime}: the sidecar the app talks to`)
    t.equal(grader.Runtime, undefined, `${runtime}: the grader stays on runc`)
    t.same(grader.SecurityOpt, ['no-new-privileges', `seccomp=${JSON.stringify(learnerSeccompProfile('runc'))}`])
    t.same(learner.SecurityOpt, ['no-new-privileges', `seccomp=${JSON.stringify(learnerSeccompProfile(runtime))}`])
    const nproc = learner.Ulimits?.find((u) => u.Name === 'nproc')
    if (runtime === 'runsc') {
      // gVisor counts the sandbox's own tasks against RLIMIT_NPROC; the host cgroup holds its threads.
      t.same(nproc, { Name: 'nproc', Soft: plan.limits.pids, Hard: plan.limits.pids }, 'runsc: the learner\'s limit is RLIMIT_NPROC')
      t.ok((learner.PidsLimit ?? 0) >= plan.limits.pids * RUNSC_HOST_TASKS_PER_TASK, 'runsc: the pids cgroup leaves room for the sandbox\'s own threads')
      t.equal(learner.Memory, plan.limits.memoryMb * 1024 * 1024 + RUNSC_MEMORY_ALLOWANCE_BYTES, "runsc: the sentry's memory comes on top of the learner's")
      t.equal(learner.MemorySwap, learner.Memory, 'runsc: no swap')
    } else {
      t.equal(nproc, undefined, 'runc: no RLIMIT_NPROC (it would count the uid\'s tasks in every container)')
      t.equal(learner.PidsLimit, plan.limits.pids, 'runc: the pids cgroup is the limit')
      t.equal(learner.Memory, plan.limits.memoryMb * 1024 * 1024, 'runc: the memory cgroup is the limit')
    }
  }
})
