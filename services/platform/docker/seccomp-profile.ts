/**
 * The seccomp profile of every container that runs code a learner or an instructor controls,
 * written here as our own and passed to Docker as `SecurityOpt: seccomp=<json>`.
 *
 * Why not Docker's default: Docker 20.10's profile allows `io_uring_setup` (a large, young kernel
 * surface with a history of privilege escalations) and `ptrace` (kernels >= 4.8), and with it an
 * app could attach to the runtime's supervisor (PID 1, same uid) and run code as it.
 *
 * Its shape: everything is allowed except the syscalls listed here, which fail with EPERM (clone3
 * with ENOSYS, so libc falls back to clone, whose namespace flags are refused). The list covers
 * what Docker's default denies a container without capabilities (module loading, kexec, keyrings,
 * bpf, perf, mounts and namespaces, clock and swap changes, NUMA policy, handle-based opens...),
 * plus io_uring, ptrace and cross-process memory access. The other layers stay: no capabilities
 * (so anything privileged fails anyway), no-new-privileges, a non-root user. What a deny list
 * cannot do is refuse a syscall newer than this list; under runsc that syscall reaches gVisor's
 * kernel, not the host's (SECURITY.md).
 *
 * Under runsc the profile is applied inside the sandbox (the runtime is registered with
 * `--oci-seccomp`, scripts/setup.sh): the learner's syscalls go to gVisor, which filters them the
 * same way.
 */

/** Denied with EPERM. Names a kernel or architecture does not have are skipped by the runtime. */
export const DENIED_SYSCALLS = [
  // What the issue found allowed: async I/O rings, and tracing other processes (PID 1 included).
  'io_uring_setup', 'io_uring_enter', 'io_uring_register',
  'ptrace', 'process_vm_readv', 'process_vm_writev', 'kcmp', 'pidfd_getfd', 'process_madvise',
  // Kernel code and the machine itself.
  'init_module', 'finit_module', 'delete_module', 'create_module', 'query_module', 'get_kernel_syms',
  'kexec_load', 'kexec_file_load', 'reboot', 'swapon', 'swapoff', 'acct', 'syslog', 'vhangup',
  'iopl', 'ioperm', 'uselib', 'ustat', 'sysfs', '_sysctl', 'nfsservctl', 'lookup_dcookie',
  'vm86', 'vm86old', 'quotactl', 'quotactl_fd',
  // Kernel facilities with a long record of bugs that a server has no use for.
  'bpf', 'perf_event_open', 'userfaultfd', 'fanotify_init',
  'keyctl', 'add_key', 'request_key',
  // Mounts, namespaces and root changes.
  'mount', 'umount', 'umount2', 'pivot_root', 'chroot', 'unshare', 'setns',
  'fsopen', 'fsconfig', 'fsmount', 'fspick', 'move_mount', 'open_tree', 'mount_setattr',
  'name_to_handle_at', 'open_by_handle_at',
  // The clock and memory placement are the host's.
  'settimeofday', 'stime', 'clock_settime', 'clock_adjtime',
  'mbind', 'set_mempolicy', 'get_mempolicy', 'move_pages', 'migrate_pages', 'set_mempolicy_home_node'
] as const

/** clone() flags that create namespaces: refused, as unshare() is. */
const NAMESPACE_FLAGS = {
  CLONE_NEWNS: 0x00020000,
  CLONE_NEWCGROUP: 0x02000000,
  CLONE_NEWUTS: 0x04000000,
  CLONE_NEWIPC: 0x08000000,
  CLONE_NEWUSER: 0x10000000,
  CLONE_NEWPID: 0x20000000,
  CLONE_NEWNET: 0x40000000
}

const EPERM = 1
const ENOSYS = 38

interface SeccompRule {
  names: string[]
  action: 'SCMP_ACT_ERRNO'
  errnoRet: number
  args?: Array<{ index: number, value: number, valueTwo: number, op: 'SCMP_CMP_MASKED_EQ' }>
}

export interface SeccompProfile {
  defaultAction: 'SCMP_ACT_ALLOW'
  architectures: string[]
  syscalls: SeccompRule[]
}

export function learnerSeccompProfile (runtime: 'runc' | 'runsc' = 'runc'): SeccompProfile {
  return {
    defaultAction: 'SCMP_ACT_ALLOW',
    // The 32-bit entry points of an x86_64 host too: a filter for x86_64 alone would leave
    // `int 0x80` open.
    architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
    syscalls: [
      { names: [...DENIED_SYSCALLS], action: 'SCMP_ACT_ERRNO', errnoRet: EPERM },
      // glibc tries clone3 first and falls back to clone on ENOSYS; clone3's flags live in memory
      // seccomp cannot read, so only clone's can be checked. gVisor ignores errnoRet (every
      // refusal is EPERM, and glibc would not fall back: no thread could start) and has no
      // clone3 of its own (ENOSYS), so under runsc the rule is left out.
      ...(runtime === 'runc' ? [{ names: ['clone3'], action: 'SCMP_ACT_ERRNO' as const, errnoRet: ENOSYS }] : []),
      ...Object.values(NAMESPACE_FLAGS).map((flag): SeccompRule => ({
        names: ['clone'],
        action: 'SCMP_ACT_ERRNO',
        errnoRet: EPERM,
        args: [{ index: 0, value: flag, valueTwo: flag, op: 'SCMP_CMP_MASKED_EQ' }]
      }))
    ]
  }
}
