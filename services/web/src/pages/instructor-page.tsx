import { api } from '../api'
import type { MaintainedExercise, ValidationSummary } from '../api-types'
import { Link } from '../router'
import { DataTable } from '../components/data-table'
import { PackageUpload } from '../components/package-upload'
import { ErrorMessage, Loading } from '../components/status-messages'
import { formatPercent, formatTime, runtimeLabel } from '../lib/labels'
import { useLoad } from '../lib/use-load'
import { useTitle } from '../lib/use-title'
import { VALIDATION_LABELS } from '../lib/validation-labels'

export function InstructorPage () {
  useTitle('Your exercises')
  const exercises = useLoad(api.instructorExercises, 'exercises')
  const validations = useLoad(api.validations, 'validations')

  return <div class="instructor-page">
    <h1>Your exercises</h1>
    {exercises.error !== undefined
      ? <ErrorMessage message={exercises.error} />
      : exercises.data === undefined
        ? <Loading what="Loading your exercises…" />
        : exercises.data.length === 0
          ? <p>You maintain no exercise yet. Upload a package below to add one.</p>
          : <ExercisesTable exercises={exercises.data} />}

    <section aria-labelledby="upload-title">
      <h2 id="upload-title">Upload an exercise package</h2>
      <PackageUpload />
    </section>

    <section aria-labelledby="validations-title">
      <h2 id="validations-title">Your validations</h2>
      {validations.error !== undefined
        ? <ErrorMessage message={validations.error} />
        : validations.data === undefined
          ? <Loading what="Loading your validations…" />
          : validations.data.length === 0
            ? <p class="muted">None yet: each package you upload is validated, and listed here.</p>
            : <ValidationList validations={validations.data} />}
    </section>
  </div>
}

function ExercisesTable ({ exercises }: { exercises: MaintainedExercise[] }) {
  return <DataTable region="Your exercises"
    caption="The exercises you maintain, with how learners do on them (all versions)"
    columns={['Title', 'Slug', 'Version', 'Runtimes', { label: 'Submissions', class: 'number' }, { label: 'Pass rate', class: 'number' }]}>
    {exercises.map((e) => <tr key={e.slug}>
      <th scope="row"><Link href={`/instructor/exercises/${encodeURIComponent(e.slug)}`}>{e.title}</Link></th>
      <td><code>{e.slug}</code></td>
      <td>{e.version}</td>
      <td>{e.runtimes.map(runtimeLabel).join(', ')}</td>
      <td class="number">{e.submissions}</td>
      <td class="number">{formatPercent(e.passRate)}</td>
    </tr>)}
  </DataTable>
}

function ValidationList ({ validations }: { validations: ValidationSummary[] }) {
  return <ol class="history-list validation-list">
    {validations.map((v) => <li key={v.id}>
      <Link href={`/instructor/validations/${encodeURIComponent(v.id)}`}>
        <span class={`badge badge-validation-${v.status}`}>{VALIDATION_LABELS[v.status]}</span>
        <span class="validation-name"><code>{v.exercise.slug}</code> version {v.exercise.version}</span>
        <span class="history-runtime">{v.publish ? 'to publish' : 'validate only'}</span>
        <time dateTime={v.createdAt}>{formatTime(v.createdAt)}</time>
      </Link>
    </li>)}
  </ol>
}
