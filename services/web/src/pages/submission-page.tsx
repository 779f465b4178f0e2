import { useState } from 'preact/hooks'
import type { Submission } from '../api-types'
import { Link } from '../router'
import { SubmissionWatch } from '../components/submission-watch'
import { formatTime, runtimeLabel } from '../lib/labels'
import { useTitle } from '../lib/use-title'

export function SubmissionPage ({ id }: { id: string }) {
  useTitle('Submission')
  const [submission, setSubmission] = useState<Submission>()
  const slug = submission?.exercise.slug

  return <div class="submission-page">
    {slug !== undefined && <nav aria-label="Breadcrumb" class="breadcrumb">
      <Link href="/">Exercises</Link> <span aria-hidden="true">›</span>{' '}
      <Link href={`/exercises/${encodeURIComponent(slug)}`}>{slug}</Link>
    </nav>}
    <h1>Submission</h1>
    {submission !== undefined && <p class="muted">
      To <strong>{submission.exercise.slug}</strong> (version {submission.exercise.version}),
      in {runtimeLabel(submission.runtime)}, sent {formatTime(submission.createdAt)}.
    </p>}
    <SubmissionWatch id={id} onSeen={setSubmission} />
  </div>
}
