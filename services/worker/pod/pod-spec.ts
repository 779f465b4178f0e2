import { hostname } from 'node:os'
import type { ContainerSpec } from '../../shared/docker/docker-engine.js'
import type { SandboxLimits } from '../../shared/sandbox-limits.js'

export interface PodPlan {
  submissionId: string
  attempt: number
  runtime: string
  port: number
  entry: string
  graderEntry: string
  limits: SandboxLimits
  imagePrefix: string
  /** When the pod's containers count as abandoned (the reaper's label); the pod's own deadline is limits.deadlineMs. */
  deadlineAt: number
  /** The grader is our code, but a CFS quota throttles its start-up bursts (see config GRADER_CPUS). */
  graderCpus: number
}

const MiB = 1024 * 1024
const LEARNER_UID = '10001'
const GRADER_UID = '10002'

/**
 * Labels on every container of a submission: how the reaper finds leftovers, either past their
 * deadline or owned by a worker process that no longer exists.
 */
export function podLabels (plan: PodPlan, role: 'learner' | 'grader'): Record<string, string> {
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

export function learnerSpec (plan: PodPlan): ContainerSpec {
  return {
    name: `backlab-${plan.submissionId}-${plan.attempt}-learner`,
    image: `${plan.imagePrefix}runtime-${plan.runtime}`,
    cmd: ['node', plan.entry],
    env: { PORT: String(plan.port), HOME: '/tmp', NODE_ENV: 'production' },
    labels: podLabels(plan, 'learner'),
    user: `${LEARNER_UID}:${LEARNER_UID}`,
    networkMode: 'none',
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
    name: `backlab-${plan.submissionId}-${plan.attempt}-grader`,
    image: `${plan.imagePrefix}grader-${plan.runtime}`,
    cmd: [],
    env: {
      BACKLAB_TARGET: `http://127.0.0.1:${plan.port}`,
      BACKLAB_SUITE: plan.graderEntry,
      BACKLAB_READY_TIMEOUT_MS: String(plan.limits.readyTimeoutMs),
      HOME: '/tmp'
    },
    labels: podLabels(plan, 'grader'),
    user: `${GRADER_UID}:${GRADER_UID}`,
    networkMode: `container:${learnerId}`,
    memoryBytes: 512 * MiB,
    nanoCpus: Math.round(plan.graderCpus * 1e9),
    pidsLimit: 256,
    fileSizeBytes: 16 * MiB,
    openFiles: 1024,
    tmpfs: {
      '/opt/grader/suite': `rw,nosuid,nodev,size=16m,mode=0700,uid=${GRADER_UID},gid=${GRADER_UID}`,
      '/tmp': 'rw,noexec,nosuid,nodev,size=64m'
    }
  }
}
