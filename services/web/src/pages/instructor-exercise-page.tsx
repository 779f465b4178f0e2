import { api } from '../api'
import type { ExerciseStats } from '../api-types'
import { Link } from '../router'
import { DailyChart } from '../components/daily-chart'
import { FailingTestsChart } from '../components/failing-tests-chart'
import { SubmissionsTable } from '../components/submissions-table'
import { ErrorMessage, Loading } from '../components/status-messages'
import { formatPercent } from '../lib/labels'
import { useLoad } from '../lib/use-load'
import { useTitle } from '../lib/use-title'

const SUBMISSIONS_SHOWN = 50

/** How learners do on one exercise the instructor maintains: figures, two charts, the latest submissions. */
export function InstructorExercisePage ({ slug }: { slug: string }) {
  // Three reads side by side: the title comes with the exercise, the rest from the instructors' endpoints.
  const exercise = useLoad(async () => await api.exercise(slug), slug)
  const stats = useLoad(async () => await api.exerciseStats(slug), slug)
  const submissions = useLoad(async () => await api.exerciseSubmissions(slug, SUBMISSIONS_SHOWN), slug)
  useTitle(exercise.data?.title ?? slug)

  return <div class="instructor-exercise-page">
    <nav aria-label="Breadcrumb" class="breadcrumb">
      <Link href="/instructor">Your exercises</Link> <span aria-hidden="true">›</span> {slug}
    </nav>
    {exercise.error !== undefined
      ? <>
        <h1>{slug}</h1>
        <ErrorMessage message={exercise.error} />
      </>
      : <h1>
        {exercise.data?.title ?? slug}
        {exercise.data !== undefined && <span class="title-version"> version {exercise.data.version}</span>}
      </h1>}
    {exercise.data !== undefined && <p class="muted">
      <Link href={`/exercises/${encodeURIComponent(slug)}`}>See it as learners do</Link>
    </p>}

    {stats.error !== undefined
      ? <ErrorMessage message={stats.error} />
      : stats.data === undefined
        ? <Loading what="Loading the figures…" />
        : <Stats stats={stats.data} />}

    <section aria-labelledby="submissions-title">
      <h2 id="submissions-title">Submissions</h2>
      {submissions.error !== undefined
        ? <ErrorMessage message={submissions.error} />
        : submissions.data === undefined
          ? <Loading what="Loading the submissions…" />
          : submissions.data.length === 0
            ? <p class="muted">No learner has submitted to this exercise yet.</p>
            : <>
              <p class="muted">
                {submissions.data.length === SUBMISSIONS_SHOWN ? `The latest ${SUBMISSIONS_SHOWN}, newest first.` : 'Newest first.'}
                {' '}Each opens the feedback its learner saw.
              </p>
              <SubmissionsTable submissions={submissions.data} caption="Learners' submissions, newest first" />
            </>}
    </section>
  </div>
}

function Stats ({ stats }: { stats: ExerciseStats }) {
  const figures: Array<[string, string | number]> = [
    ['Submissions', stats.submissions],
    ['Learners', stats.learners],
    ['Learners who passed', stats.learnersPassed],
    ['Pass rate', formatPercent(stats.passRate)],
    ['Passed', stats.passed],
    ['Failed', stats.failed],
    ['Not graded (a problem on our side)', stats.notGraded],
    ['Waiting or running', stats.pending]
  ]
  return <>
    <section aria-labelledby="figures-title">
      <h2 id="figures-title">Key figures</h2>
      <dl class="figures">
        {figures.map(([term, value]) => <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>)}
      </dl>
      <p class="hint">All versions. The pass rate counts graded submissions only: passed ÷ (passed + failed).</p>
    </section>
    <section aria-labelledby="daily-title">
      <h2 id="daily-title">Submissions per day</h2>
      <DailyChart daily={stats.daily} />
    </section>
    <section aria-labelledby="failing-title">
      <h2 id="failing-title">Tests that fail most</h2>
      <FailingTestsChart tests={stats.failingTests} />
    </section>
  </>
}
