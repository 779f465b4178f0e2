import { useEffect, useState } from 'preact/hooks'
import { api, errorMessage } from '../api'
import type { SubmissionSummary } from '../api-types'
import { Link } from '../router'
import { formatScore, formatTime, runtimeLabel, STATUS_LABELS } from '../lib/labels'
import { ErrorMessage, Loading } from './status-messages'

interface Props {
  slug: string
  /** Changes when a submission was made or graded, to read the list again. */
  refreshKey: number
  showRuntime: boolean
}

export function SubmissionHistory ({ slug, refreshKey, showRuntime }: Props) {
  const [list, setList] = useState<SubmissionSummary[]>()
  const [error, setError] = useState<string>()

  useEffect(() => {
    let current = true
    api.submissions(slug).then(
      (rows) => { if (current) { setList(rows); setError(undefined) } },
      (err: unknown) => { if (current) setError(errorMessage(err)) }
    )
    return () => { current = false }
  }, [slug, refreshKey])

  return <section class="history" aria-labelledby="history-title">
    <h2 id="history-title">Your submissions</h2>
    {error !== undefined
      ? <ErrorMessage message={error} />
      : list === undefined
        ? <Loading what="Loading your submissions…" />
        : list.length === 0
          ? <p class="muted">None yet: your submissions and their results will be listed here.</p>
          : <ol class="history-list">
            {list.map((s) => {
              const score = formatScore(s.score, s.maxScore)
              return <li key={s.id}>
                <Link href={`/submissions/${encodeURIComponent(s.id)}`}>
                  <span class={`badge badge-status-${s.status}`}>{STATUS_LABELS[s.status]}</span>
                  {score !== undefined && <span class="history-score">{score}</span>}
                  {showRuntime && <span class="history-runtime">{runtimeLabel(s.runtime)}</span>}
                  <time dateTime={s.createdAt}>{formatTime(s.createdAt)}</time>
                </Link>
              </li>
            })}
          </ol>}
  </section>
}
