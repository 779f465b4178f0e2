import type { PodOutcome } from '../../services/grading/pod/grading-pod.js'
import { parseGraderTap } from '../../services/grading/tap-reader.js'

/** A pod's outcome around a grader's TAP, as a quiet, well-behaved server leaves it; `extra` changes any fact. */
export function podOutcome (graderTap: string, extra: Partial<PodOutcome> = {}): PodOutcome {
  return {
    report: parseGraderTap(graderTap),
    graderTap,
    graderTapTruncated: false,
    learnerLog: '',
    timedOut: false,
    outputLimitExceeded: false,
    pidsLimitHit: false,
    timings: { containerStartMs: 100 },
    ...extra
  }
}
