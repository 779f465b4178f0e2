import { Type } from '@sinclair/typebox'

const MiB = 1024 * 1024

/**
 * Every ceiling the containers of a pod run under, in one table: the pod specs
 * (services/grading/pod/pod-spec.ts) and the Engine API body (services/platform/docker/docker-engine.ts)
 * read their numbers from here and hold none of their own.
 *
 * `learner` are the ceilings of the learner's code: each comes from the environment (`env`,
 * defaulting to `default`), and an exercise manifest may lower any of them (its `limits` object),
 * never raise them. The other groups are fixed: they bound our own containers (grader, database
 * sidecar) or are what the learner's limits are built on (gVisor's overhead, /dev/shm, core dumps).
 */
export const SANDBOX_LIMITS = {
  learner: {
    // Bounds a pod that hangs, not one that is slow: on a busy host it is stretched (host-load.ts), not raised here.
    deadlineMs: { env: 'SANDBOX_DEADLINE_MS', default: 60_000, minimum: 1000, description: 'Wall-clock time for the whole pod; then everything is killed' },
    // A server not listening after 10 s has hung at start-up; the grader stretches it on a busy host (BACKLAB_TIME_SCALE).
    readyTimeoutMs: { env: 'SANDBOX_READY_TIMEOUT_MS', default: 10_000, minimum: 100, description: "Time for the learner's server to accept a connection" },
    // Room for any runtime's server and its dependencies, while two pods at once stay a small share of the host.
    memoryMb: { env: 'SANDBOX_MEMORY_MB', default: 512, minimum: 32, description: "Memory of the learner's container (no swap)" },
    // One core: the worker grades WORKER_CONCURRENCY (2) submissions at once on hosts of two cores.
    cpus: { env: 'SANDBOX_CPUS', default: 1, minimum: 0.1, description: "CPU quota of the learner's container" },
    // A Node server is some 11 threads; 128 leaves a server its worker threads and children, and stops a fork bomb.
    pids: { env: 'SANDBOX_PIDS', default: 128, minimum: 16, description: 'Processes and threads in the container' },
    // Far more than any log a test needs, little enough to keep in the worker's memory per pod.
    outputKb: { env: 'SANDBOX_OUTPUT_KB', default: 1024, minimum: 4, description: 'What the server may write to stdout and stderr before it is stopped' },
    // The solution's files and what it writes; tmpfs is charged to the container's memory, so well under memoryMb.
    tmpfsMb: { env: 'SANDBOX_TMPFS_MB', default: 64, minimum: 1, description: 'Size of each writable place: /work, /tmp' },
    // No larger than a tmpfs: one file cannot be bigger than the place it is written to.
    fileSizeMb: { env: 'SANDBOX_FILE_SIZE_MB', default: 64, minimum: 1, description: 'Largest file the code may write (RLIMIT_FSIZE)' },
    // The usual soft limit of a Linux login: any server's sockets and files fit, a descriptor leak does not.
    openFiles: { env: 'SANDBOX_OPEN_FILES', default: 1024, minimum: 64, description: 'Open files and sockets (RLIMIT_NOFILE)' }
  },
  /** Every container of a pod, whoever's it is (docker-engine.ts). */
  everyContainer: {
    // /dev/shm is a tmpfs charged to the container's memory: enough for PostgreSQL's dynamic shared
    // memory (posix, with shared_buffers of 16MB), and a flood of it ends in ENOSPC, not the host's RAM.
    shmBytes: 16 * MiB,
    // No core dumps: a crash's dump (the process's memory, the exercise's secrets in it) would go to the host's
    // core handler (core_pattern is the host's) or fill a tmpfs.
    coreFileBytes: 0
  },
  /** What a container under gVisor (runsc) gets on top of the learner's limits (docker-engine.ts). */
  runsc: {
    // Under gVisor's ptrace platform every guest thread has a host thread in a stub process, all in the
    // container's pids cgroup (61 guest tasks were 506 host tasks): the cgroup becomes a host backstop of
    // pids × this + hostTasksBase, while the learner's own limit is gVisor's RLIMIT_NPROC.
    hostTasksPerTask: 10,
    // The sentry (gVisor's kernel) and the gofer have threads of their own before any guest task starts.
    hostTasksBase: 128,
    // The sentry and gofer are charged to the container's memory cgroup: some 14 MiB idle and more while
    // the app floods a pipe. Without it a Node server that fits its limit under runc was OOM-killed under
    // runsc (a 96 MB output flood). gVisor shows the app the whole cgroup limit as MemTotal.
    memoryAllowanceBytes: 64 * MiB
  },
  /** The grader: our code and the instructor's suite (tap), beside the learner's in every pod (pod-spec.ts). */
  grader: {
    // tap, the suite and the responses it reads; a learner's value of hundreds of MB fails here as a platform
    // error, retried (SECURITY.md, SQL exercises).
    memoryBytes: 512 * MiB,
    // Node, tap's runner and its test processes, with room: our code, so it is not held to the learner's pids.
    pids: 256,
    // The grader writes only its unpacked suite and scratch files, none large.
    fileSizeBytes: 16 * MiB,
    // The learner's default: the suite's HTTP connections and files fit.
    openFiles: 1024,
    // The suite arrives as a tar of a few files (tests, fixtures, backlab-run.json).
    suiteTmpfsMb: 16,
    // HOME and tap's scratch files, the size of the learner's /tmp.
    tmpTmpfsMb: 64
  },
  /** The PostgreSQL sidecar of an app's pod (postgres service): the learner's app talks to it (pod-spec.ts). */
  postgresSidecar: {
    // A throwaway cluster with shared_buffers of 16MB, plus its data tmpfs, which is charged to this memory.
    memoryBytes: 256 * MiB,
    // One CPU, like the learner's default.
    nanoCpus: 1e9,
    // PostgreSQL forks a backend per connection: the app's pool and the grader's, and its own workers.
    pids: 128,
    // Table and WAL files (1 MB segments) stay far below it; a runaway table fills the tmpfs first.
    fileSizeBytes: 128 * MiB,
    // PostgreSQL's default max_files_per_process (1000) fits under it.
    openFiles: 1024,
    // The template cluster (~31 MB) plus what an exercise's app stores during one grading.
    dataTmpfsMb: 128,
    // Only the unix socket and its lock file.
    socketTmpfsMb: 1,
    // HOME of the entrypoint; PostgreSQL's own temporary files go to its data directory, not here.
    tmpTmpfsMb: 16
  },
  /**
   * The database of runtime sql, where the learner's SQL runs: it gets the learner's memory, CPU,
   * pids and open-file limits (pod-spec.ts), with these on top; its socket and /tmp tmpfs are the
   * sidecar's (postgresSidecar), and its grader is the grader above.
   */
  sqlDatabase: {
    // A copy of the dataset per task being graded (some 7 MB each, dropped once graded), charged to the
    // container's memory: the learner's memory limit comes on top of it.
    dataTmpfsMb: 256,
    // Floors under the learner's pids and open files, which a manifest may lower: PostgreSQL's own processes
    // (postmaster, checkpointer, writers…) and files must still fit before any learner backend.
    minPids: 64,
    minOpenFiles: 1024,
    // As the sidecar's: table and WAL files stay far below it.
    fileSizeBytes: 128 * MiB
  }
} as const

/** The learner's ceilings: what the environment sets and a manifest may lower. */
export const LIMITS = SANDBOX_LIMITS.learner

export type LimitName = keyof typeof LIMITS
export type SandboxLimits = Record<LimitName, number>

const isInteger = (name: LimitName): boolean => name !== 'cpus'

/** The environment variable's schema, with the table's default and floor. */
export function limitEnvSchema (name: LimitName) {
  const { default: value, minimum, description } = LIMITS[name]
  return isInteger(name)
    ? Type.Integer({ default: value, minimum, description })
    : Type.Number({ default: value, minimum, description })
}

/** The manifest's `limits`: any subset, each at least the table's floor. */
export const ManifestLimitsSchema = Type.Partial(Type.Object(Object.fromEntries(
  (Object.keys(LIMITS) as LimitName[]).map((name) => [name, isInteger(name)
    ? Type.Integer({ minimum: LIMITS[name].minimum })
    : Type.Number({ minimum: LIMITS[name].minimum })])
) as Record<LimitName, ReturnType<typeof Type.Number>>), { additionalProperties: false })

/** The platform's ceilings, read from a validated config. */
export function ceilings (config: Record<string, unknown>): SandboxLimits {
  return Object.fromEntries((Object.keys(LIMITS) as LimitName[])
    .map((name) => [name, config[LIMITS[name].env] as number])) as SandboxLimits
}

/** The ceilings, lowered where the exercise asks: an exercise can only tighten a limit. */
export function tighten (ceiling: SandboxLimits, wanted: Partial<SandboxLimits>): SandboxLimits {
  return Object.fromEntries((Object.keys(LIMITS) as LimitName[])
    .map((name) => [name, Math.min(ceiling[name], wanted[name] ?? Infinity)])) as SandboxLimits
}
