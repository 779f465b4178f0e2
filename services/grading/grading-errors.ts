// The worker's own errors, by what they mean for the grading: each is retried, never graded as
// the learner's (a learner's failing code is a result, never an error). build-worker.ts and
// grade-submission.ts decide what to do from the class; the message is what the logs and an
// instructor's view of a platform error say.

/** The grader or the platform failed, not the learner: the job is retried and never graded as theirs. */
export class PlatformFault extends Error {
  override name = 'PlatformFault'
}

/**
 * A verdict that depended on time (a wait that ran out) came while other work held the host's
 * CPUs: it says nothing about the learner's code. Retried later; if the host never gets quiet
 * enough, the submission ends as Backlab's error, never as the learner's failure.
 */
export class HostBusy extends PlatformFault {
  override name = 'HostBusy'
}

/**
 * A pod's own machinery failed (a sidecar never got ready, the SQL pod's database died of
 * something other than the learner's memory): Backlab's fault, retried, and, unlike a
 * PlatformFault, never described to a package's author (validation-checks.ts), since nothing in
 * their package caused it.
 */
export class PodFault extends Error {
  override name = 'PodFault'
}

/** The worker is shutting down: the grading is given back to the queue, untouched by a verdict. */
export class GradingCancelled extends PlatformFault {
  override name = 'GradingCancelled'
}

export type Dependency = 'docker' | 'postgres' | 'redis'

/** A dependency did not answer: the attempt is not counted, the grading is retried once it is back. */
export class InfraDown extends Error {
  override name = 'InfraDown'
  constructor (readonly dependency: Dependency, message: string, options?: { cause?: unknown }) {
    super(`${dependency} is unavailable: ${message}`, options)
  }
}
