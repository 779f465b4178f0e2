import { hostname } from 'node:os'
import type { ContainerSpec } from '../../platform/docker/docker-engine.js'
import { RUNTIMES, type RuntimeName } from '../../exercise/runtimes.js'
import { SANDBOX_LIMITS, type SandboxLimits } from '../../platform/sandbox-limits.js'
import { ENV } from '../../../graders/node/lib/protocol.mjs'

export type PodService = 'postgres'
export type PodRole = 'learner' | 'grader' | PodService

export interface PodPlan {
  submissionId: string
  attempt: number
  runtime: RuntimeName
  /** Where the learner's server listens; absent for runtime sql, which has no server. */
  port?: number
  graderEntry: string
  limits: SandboxLimits
  imagePrefix: string
  /** When the pod's containers count as abandoned (the reaper's label); the pod's own deadline is limits.deadlineMs × timeScale. */
  deadlineAt: number
  /**
   * How much the time limits that mean "your code is too slow" are stretched for this pod: 1 on
   * a quiet host, more when other work holds the CPUs (host-load.ts). The grader stretches its
   * waits by it too (BACKLAB_TIME_SCALE).
   */
  timeScale: number
  /** The grader is our code, but a CFS quota throttles its start-up bursts (see config GRADER_CPUS). */
  graderCpus: number
  /** Sidecars that join the learner's network namespace before the learner's code starts. */
  services: PodService[]
  /** Per-grading random values: the exercise's secrets (app and grader) and the platform's own. */
  secrets: {
    /** The exercise's `secrets`, by name: given to the app and to the grader. */
    exercise: Record<string, string>
    /** Authenticates the grader's requests to the worker (restart the server); grader only. */
    controlToken: string
    /** The password of the sidecar's grader role (not a superuser); grader and sidecar only. */
    postgresAdmin: string
  }
}

const MiB = 1024 * 1024
const LEARNER_UID = '10001'
const GRADER_UID = '10002'
const POSTGRES_UID = '10003'

/** What the learner's app gets for the postgres service: an ordinary role owning database `app`. */
export const APP_DATABASE_URL = 'postgres://app:app@127.0.0.1:5432/app'

/**
 * Labels on every container of a submission: how the reaper finds leftovers, either past their
 * deadline or owned by a worker process that no longer exists.
 */
export function podLabels (plan: PodPlan, role: PodRole): Record<string, string> {
  return {
    'backlab.managed': 'true',
    'backlab.submission': plan.submissionId,
    'backlab.attempt': String(plan.attempt),
    'backlab.role': role,
    'backlab.deadline': String(plan.deadlineAt),
    'backlab.worker-host': hostname(),
    'backlab.worker-pid': String(process.pid)
  }
}

function containerName (plan: PodPlan, role: PodRole): string {
  return `backlab-${plan.submissionId}-${plan.attempt}-${role}`
}

export function learnerSpec (plan: PodPlan): ContainerSpec {
  const runtime = RUNTIMES[plan.runtime]
  if (runtime.entry === undefined || plan.port === undefined) throw new Error(`runtime ${plan.runtime} runs no server`)
  return {
    name: containerName(plan, 'learner'),
    image: `${plan.imagePrefix}${runtime.image}`,
    // The image's entrypoint picks the command (a start script, a Procfile, or this entry file).
    cmd: [runtime.entry],
    env: {
      ...plan.secrets.exercise,
      PORT: String(plan.port),
      HOME: '/tmp',
      NODE_ENV: 'production',
      ...(plan.services.includes('postgres') && { DATABASE_URL: APP_DATABASE_URL })
    },
    labels: podLabels(plan, 'learner'),
    user: `${LEARNER_UID}:${LEARNER_UID}`,
    networkMode: 'none',
    // The runtime's supervisor (same uid as the app) is PID 1 itself: under docker-init, an app's
    // kill(-1) would kill the supervisor and end the pod; PID 1 cannot be killed from inside.
    init: false,
    // The learner's code: the sandbox runtime (runsc where available, config SANDBOX_RUNTIME).
    sandboxed: true,
    memoryBytes: plan.limits.memoryMb * MiB,
    nanoCpus: Math.round(plan.limits.cpus * 1e9),
    pidsLimit: plan.limits.pids,
    fileSizeBytes: plan.limits.fileSizeMb * MiB,
    openFiles: plan.limits.openFiles,
    tmpfs: {
      '/work': `rw,exec,nosuid,nodev,size=${plan.limits.tmpfsMb}m,mode=0700,uid=${LEARNER_UID},gid=${LEARNER_UID}`,
      '/tmp': `rw,noexec,nosuid,nodev,size=${plan.limits.tmpfsMb}m`
    }
  }
}

/** The grader shares the learner's network namespace: the learner's 127.0.0.1 is its 127.0.0.1. */
export function graderSpec (plan: PodPlan, learnerId: string): ContainerSpec {
  return {
    name: containerName(plan, 'grader'),
    // Every suite is a tap file, whatever language the learner wrote in.
    image: `${plan.imagePrefix}grader-node`,
    cmd: [],
    env: {
      ...plan.secrets.exercise,
      [ENV.target]: `http://127.0.0.1:${plan.port ?? 0}`,
      [ENV.suite]: plan.graderEntry,
      [ENV.readyTimeoutMs]: String(plan.limits.readyTimeoutMs),
      [ENV.timeScale]: String(plan.timeScale),
      [ENV.controlToken]: plan.secrets.controlToken,
      // The app's own role: code the app plants in its database (triggers, rules…) runs with the
      // rights of whoever touches its tables, so the grader never touches them as anyone else.
      ...(plan.services.includes('postgres') && { BACKLAB_DATABASE_URL: APP_DATABASE_URL }),
      HOME: '/tmp'
    },
    labels: podLabels(plan, 'grader'),
    ...GRADER_SANDBOX,
    networkMode: `container:${learnerId}`,
    nanoCpus: Math.round(plan.graderCpus * 1e9)
  }
}

const GRADER = SANDBOX_LIMITS.grader
/** The grader's box, the same in every pod: our code, but it runs next to the learner's. */
const GRADER_SANDBOX = {
  user: `${GRADER_UID}:${GRADER_UID}`,
  memoryBytes: GRADER.memoryBytes,
  pidsLimit: GRADER.pids,
  fileSizeBytes: GRADER.fileSizeBytes,
  openFiles: GRADER.openFiles,
  tmpfs: {
    '/opt/grader/suite': `rw,nosuid,nodev,size=${GRADER.suiteTmpfsMb}m,mode=0700,uid=${GRADER_UID},gid=${GRADER_UID}`,
    '/tmp': `rw,noexec,nosuid,nodev,size=${GRADER.tmpTmpfsMb}m`
  }
}

/**
 * What an SQL pod's containers are made from. It names no exercise: the suite, its settings and
 * the learner's files all travel in the grader's tar, so a warm pod can be started before any
 * submission arrives (see sql-pod-pool.ts).
 */
export interface SqlPodInput {
  /** Names the containers (`backlab-<tag>-<role>`): a submission's `<id>-<attempt>`, or a warm pod's. */
  tag: string
  /** podLabels for a submission's pod; a warm pod's own (reaper deadline, worker) otherwise. */
  labels: (role: PodRole) => Record<string, string>
  /** The limits the database runs under: the learner's SQL runs there. */
  limits: Pick<SandboxLimits, 'memoryMb' | 'cpus' | 'pids' | 'openFiles'>
  imagePrefix: string
  graderCpus: number
  /** The password of the grader's database role (backlab_sql), fresh for every pod. */
  password: string
}

/** The SqlPodInput of a submission's own (cold) pod. */
export function sqlPodInput (plan: PodPlan): SqlPodInput {
  return {
    tag: `${plan.submissionId}-${plan.attempt}`,
    labels: (role) => podLabels(plan, role),
    limits: plan.limits,
    imagePrefix: plan.imagePrefix,
    graderCpus: plan.graderCpus,
    password: plan.secrets.postgresAdmin
  }
}

/**
 * The database of runtime sql is where the learner's SQL runs, so it gets the learner's limits.
 * It joins the grader's network namespace, which has no network (see sqlGraderSpec): the grader
 * goes first so that Node loads while PostgreSQL starts. The grader's own role (backlab_sql)
 * logs in with the per-pod password; the learner and reference roles without one (trusted
 * on loopback, where only the grader is: see start).
 */
export function sqlDatabaseSpec (pod: SqlPodInput, graderId: string): ContainerSpec {
  return {
    name: `backlab-${pod.tag}-postgres`,
    image: `${pod.imagePrefix}sidecar-postgres`,
    cmd: [],
    env: { BACKLAB_PG_ADMIN_PASSWORD: pod.password, BACKLAB_PG_SQL_ROLES: '1', HOME: '/tmp' },
    labels: pod.labels('postgres'),
    user: `${POSTGRES_UID}:${POSTGRES_UID}`,
    networkMode: `container:${graderId}`,
    // The learner's SQL runs here.
    sandboxed: true,
    // The data tmpfs holds a copy of the dataset per task being graded (some 7 MB each, dropped
    // once graded) and is charged to the container's memory: the learner's limit comes on top.
    memoryBytes: (pod.limits.memoryMb + SQL_DATA_TMPFS_MB) * MiB,
    nanoCpus: Math.round(pod.limits.cpus * 1e9),
    pidsLimit: Math.max(pod.limits.pids, SANDBOX_LIMITS.sqlDatabase.minPids),
    fileSizeBytes: SANDBOX_LIMITS.sqlDatabase.fileSizeBytes,
    openFiles: Math.max(pod.limits.openFiles, SANDBOX_LIMITS.sqlDatabase.minOpenFiles),
    tmpfs: postgresTmpfs(SQL_DATA_TMPFS_MB)
  }
}

const SQL_DATA_TMPFS_MB = SANDBOX_LIMITS.sqlDatabase.dataTmpfsMb

/**
 * The grader of an SQL exercise owns the pod's network namespace, with no network (`none`):
 * no server to wait for, only the database on the pod's loopback once it joins. Its suite and
 * settings (backlab-run.json) come in its tar, not its environment.
 */
export function sqlGraderSpec (pod: SqlPodInput): ContainerSpec {
  return {
    name: `backlab-${pod.tag}-grader`,
    image: `${pod.imagePrefix}grader-node`,
    cmd: [],
    env: {
      [ENV.target]: 'postgres://127.0.0.1:5432',
      BACKLAB_DATABASE_PASSWORD: pod.password,
      HOME: '/tmp'
    },
    labels: pod.labels('grader'),
    ...GRADER_SANDBOX,
    networkMode: 'none',
    nanoCpus: Math.round(pod.graderCpus * 1e9)
  }
}

/**
 * The pod's PostgreSQL: our image, but the learner's code talks to it, so it gets the same
 * hardening (read-only rootfs, no capabilities, limits) and the data lives on a tmpfs.
 */
export function postgresSpec (plan: PodPlan, learnerId: string): ContainerSpec {
  return {
    name: containerName(plan, 'postgres'),
    image: `${plan.imagePrefix}sidecar-postgres`,
    cmd: [],
    env: { BACKLAB_PG_ADMIN_PASSWORD: plan.secrets.postgresAdmin, HOME: '/tmp' },
    labels: podLabels(plan, 'postgres'),
    user: `${POSTGRES_UID}:${POSTGRES_UID}`,
    networkMode: `container:${learnerId}`,
    // The learner's app talks to it (and may plant functions it runs): sandboxed like the app.
    sandboxed: true,
    memoryBytes: SANDBOX_LIMITS.postgresSidecar.memoryBytes,
    nanoCpus: SANDBOX_LIMITS.postgresSidecar.nanoCpus,
    pidsLimit: SANDBOX_LIMITS.postgresSidecar.pids,
    fileSizeBytes: SANDBOX_LIMITS.postgresSidecar.fileSizeBytes,
    openFiles: SANDBOX_LIMITS.postgresSidecar.openFiles,
    tmpfs: postgresTmpfs(SANDBOX_LIMITS.postgresSidecar.dataTmpfsMb)
  }
}

function postgresTmpfs (dataMb: number): Record<string, string> {
  return {
    '/var/lib/backlab-pg': `rw,nosuid,nodev,noexec,size=${dataMb}m,mode=0700,uid=${POSTGRES_UID},gid=${POSTGRES_UID}`,
    '/var/run/postgresql': `rw,nosuid,nodev,noexec,size=${SANDBOX_LIMITS.postgresSidecar.socketTmpfsMb}m,mode=0755,uid=${POSTGRES_UID},gid=${POSTGRES_UID}`,
    '/tmp': `rw,noexec,nosuid,nodev,size=${SANDBOX_LIMITS.postgresSidecar.tmpTmpfsMb}m`
  }
}
