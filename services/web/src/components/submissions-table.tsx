import type { SubmissionSummary } from '../api-types'
import { Link } from '../router'
import { DataTable } from './data-table'
import { formatScore, formatTime, runtimeLabel, STATUS_LABELS } from '../lib/labels'

/** Learners' submissions to one exercise, for its instructors: each opens the feedback page. */
export function SubmissionsTable ({ submissions, caption }: { submissions: SubmissionSummary[], caption: string }) {
  return <DataTable region={caption} caption={caption} columns={['Sent', 'Learner', 'Version', 'Runtime', 'Result', 'Score']}>
    {submissions.map((s) => <tr key={s.id}>
      <td>
        <Link href={`/submissions/${encodeURIComponent(s.id)}`}>
          <time dateTime={s.createdAt}>{formatTime(s.createdAt)}</time>
        </Link>
      </td>
      {/* Only an id reaches this page; its first characters tell one learner's attempts from another's. */}
      <td>{s.author == null ? '—' : <code title={s.author.id}>{s.author.id.slice(0, 8)}</code>}</td>
      <td>{s.exercise.version}</td>
      <td>{runtimeLabel(s.runtime)}</td>
      <td><span class={`badge badge-status-${s.status}`}>{STATUS_LABELS[s.status]}</span></td>
      <td>{formatScore(s.score, s.maxScore) ?? '—'}</td>
    </tr>)}
  </DataTable>
}
