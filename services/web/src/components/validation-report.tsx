import type { PackageCheck, PackageValidation } from '../api-types'
import { Link } from '../router'
import { formatTime } from '../lib/labels'
import { CHECK_MARKS, validationStatusText } from '../lib/validation-labels'

function CheckItem ({ check }: { check: PackageCheck }) {
  const [symbol, words] = CHECK_MARKS[check.status]
  return <li class={`check check-${check.status}`} data-testid="check" data-status={check.status}>
    <p class="check-head">
      <span class={`mark mark-${check.status}`}>
        <span aria-hidden="true">{symbol}</span>
        <span class="visually-hidden">{words}: </span>
      </span>
      <span class="check-name">{check.name}</span>
    </p>
    {check.problems.length > 0 && <ul class="problems" aria-label={`Problems of ${check.name}`}>
      {check.problems.map((p, i) => <li key={i}>{p}</li>)}
    </ul>}
    <p class="check-link">
      <Link href={`/submissions/${encodeURIComponent(check.submissionId)}`}>
        Open the grading<span class="visually-hidden"> of {check.name}</span>
      </Link>
    </p>
  </li>
}

/** A package validation as it stands: its state in words, how far it got, and each check with what is wrong. */
export function ValidationReport ({ validation }: { validation: PackageValidation }) {
  const { status, checks, exercise } = validation
  const done = checks.filter((c) => c.status !== 'pending').length
  return <section class={`validation-report validation-${status}`} data-testid="validation-report"
    aria-label="Validation report">
    <div class="validation-summary">
      <p class="validation-exercise">
        Exercise <strong>{exercise.slug}</strong>, version <strong>{exercise.version}</strong>
        {validation.publish ? ', to publish once every check passes.' : ', validated only (not to publish).'}
      </p>
      <p class="validation-status" aria-live="polite">
        {status === 'running' && <span class="spinner" aria-hidden="true" />}
        {validationStatusText(validation)}
      </p>
      <p class="validation-progress">
        <label for="validation-progress">{done} of {checks.length} checks done</label>
        <progress id="validation-progress" max={Math.max(checks.length, 1)} value={done} />
      </p>
      <p class="muted">
        Sent <time dateTime={validation.createdAt}>{formatTime(validation.createdAt)}</time>
        {validation.finishedAt !== null && <>; finished <time dateTime={validation.finishedAt}>{formatTime(validation.finishedAt)}</time></>}.
      </p>
      {status === 'published' && <p>
        <Link href={`/exercises/${encodeURIComponent(exercise.slug)}`}>Open the exercise as learners see it</Link>
      </p>}
    </div>
    <h2>Checks</h2>
    <ol class="check-list">
      {checks.map((c) => <CheckItem key={c.submissionId} check={c} />)}
    </ol>
  </section>
}
