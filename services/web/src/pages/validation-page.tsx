import { Link } from '../router'
import { ValidationReport } from '../components/validation-report'
import { ErrorMessage, Loading } from '../components/status-messages'
import { useValidation } from '../lib/use-validation'
import { useTitle } from '../lib/use-title'

export function ValidationPage ({ id }: { id: string }) {
  const { validation, error } = useValidation(id)
  useTitle(validation === undefined ? 'Package validation' : `Validation of ${validation.exercise.slug}`)

  return <div class="validation-page">
    <nav aria-label="Breadcrumb" class="breadcrumb">
      <Link href="/instructor">Your exercises</Link> <span aria-hidden="true">›</span> Validation
    </nav>
    <h1>Package validation{validation !== undefined && `: ${validation.exercise.slug}`}</h1>
    {/* Lost track while running: what was last seen stays, with why it stopped changing. */}
    <ErrorMessage message={error === undefined ? undefined : validation === undefined ? error : `Stopped following this validation: ${error} Reload the page to see where it is.`} />
    {validation !== undefined
      ? <ValidationReport validation={validation} />
      : error === undefined && <Loading what="Loading the validation…" />}
  </div>
}
