import { Type } from '@sinclair/typebox'

/**
 * Every limit a learner's pod runs under, in one table. The platform's ceiling for each comes
 * from the environment (`env`, defaulting to `default`); an exercise manifest may lower any of
 * them (its `limits` object), never raise them.
 */
export const LIMITS = {
  deadlineMs: { env: 'SANDBOX_DEADLINE_MS', default: 60_000, minimum: 1000, description: 'Wall-clock time for the whole pod; then everything is killed' },
  readyTimeoutMs: { env: 'SANDBOX_READY_TIMEOUT_MS', default: 10_000, minimum: 100, description: "Time for the learner's server to accept a connection" },
  memoryMb: { env: 'SANDBOX_MEMORY_MB', default: 512, minimum: 32, description: "Memory of the learner's container (no swap)" },
  cpus: { env: 'SANDBOX_CPUS', default: 1, minimum: 0.1, description: "CPU quota of the learner's container" },
  pids: { env: 'SANDBOX_PIDS', default: 128, minimum: 16, description: 'Processes and threads in the container' },
  outputKb: { env: 'SANDBOX_OUTPUT_KB', default: 1024, minimum: 4, description: "What the server may write to stdout and stderr before it is stopped" },
  tmpfsMb: { env: 'SANDBOX_TMPFS_MB', default: 64, minimum: 1, description: 'Size of each writable place: /work, /tmp' },
  fileSizeMb: { env: 'SANDBOX_FILE_SIZE_MB', default: 64, minimum: 1, description: 'Largest file the code may write (RLIMIT_FSIZE)' },
  openFiles: { env: 'SANDBOX_OPEN_FILES', default: 1024, minimum: 64, description: 'Open files and sockets (RLIMIT_NOFILE)' }
} as const

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
