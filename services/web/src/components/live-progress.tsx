import type { SubmissionProgress } from '../lib/use-submission-progress'
import { formatScore, STATUS_LABELS } from '../lib/labels'
import { TestMark } from './test-mark'

function statusLine ({ phase, position, attempt, submission, error }: SubmissionProgress): string {
  switch (phase) {
    case 'connecting': return 'Connecting…'
    case 'queued': return position === undefined ? 'Queued' : `Queued (position ${position})`
    case 'running': return attempt > 1 ? `Running (attempt ${attempt}: the first try was interrupted on our side)` : 'Running'
    case 'lost': return `Lost track of this grading: ${error ?? 'reload the page to see the result.'}`
    case 'done': {
      if (submission === undefined) return 'Graded'
      const score = formatScore(submission.score, submission.maxScore)
      return `Graded: ${STATUS_LABELS[submission.status]}${score === undefined ? '' : `, score ${score}`}.`
    }
  }
}

/** What a screen reader hears while grading runs: each change of state, then each test as it ends. */
export function LiveProgress ({ progress }: { progress: SubmissionProgress }) {
  const showTests = progress.phase !== 'done' && progress.tests.length > 0
  return <section class={`live-progress live-${progress.phase}`} aria-live="polite" aria-label="Grading progress"
    data-testid="live-progress">
    <p class="live-status">
      {progress.phase !== 'done' && progress.phase !== 'lost' && <span class="spinner" aria-hidden="true" />}
      {statusLine(progress)}
    </p>
    {showTests && <ol class="live-tests">
      {progress.tests.map((t) => <li key={t.n} data-testid="live-test" data-status={t.status}>
        <TestMark status={t.status} /> {t.name}
      </li>)}
    </ol>}
  </section>
}
