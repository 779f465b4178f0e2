import type { Config } from '../../services/platform/config.js'
import { ceilings } from '../../services/platform/sandbox-limits.js'
import type { PodPlan } from '../../services/grading/pod/pod-spec.js'

/** A todos-style node pod's plan at the platform's ceilings, for tests that build containers by hand. */
export function testPodPlan (config: Config, limits: Partial<PodPlan['limits']> = {}): PodPlan {
  return {
    submissionId: '00000000-0000-4000-8000-000000000000',
    attempt: 1,
    runtime: 'node',
    port: 3000,
    graderEntry: 'suite.test.mjs',
    services: [],
    secrets: { exercise: {}, controlToken: 'control', postgresAdmin: 'admin' },
    limits: { ...ceilings(config), ...limits },
    imagePrefix: 'backlab/',
    deadlineAt: Date.now() + 60_000,
    graderCpus: 2,
    timeScale: 1
  }
}
