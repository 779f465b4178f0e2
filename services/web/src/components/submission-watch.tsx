import { useEffect, useRef } from 'preact/hooks'
import type { Submission } from '../api-types'
import { useSubmissionProgress } from '../lib/use-submission-progress'
import { FeedbackView } from './feedback-view'
import { LiveProgress } from './live-progress'

interface Props {
  id: string
  onGraded?: (submission: Submission) => void
  /** Each read of the submission, graded or not. */
  onSeen?: (submission: Submission) => void
}

/** Live progress while a submission is graded, then its feedback. */
export function SubmissionWatch ({ id, onGraded, onSeen }: Props) {
  const progress = useSubmissionProgress(id)
  const callbacks = useRef({ onGraded, onSeen })
  callbacks.current = { onGraded, onSeen }
  const { submission, latest } = progress

  useEffect(() => {
    if (submission !== undefined) callbacks.current.onGraded?.(submission)
  }, [submission])
  useEffect(() => {
    if (latest !== undefined) callbacks.current.onSeen?.(latest)
  }, [latest])

  return <div class="submission-watch">
    <LiveProgress progress={progress} />
    {submission !== undefined && <FeedbackView submission={submission} />}
  </div>
}
