import { useEffect, useState } from 'preact/hooks'
import { api, errorMessage } from '../api'
import type { ExerciseDetail, User } from '../api-types'
import { Link } from '../router'
import { Markdown } from '../components/markdown'
import { SolutionWorkspace } from '../components/solution-workspace'
import { ErrorMessage, Loading } from '../components/status-messages'
import { trackLabel } from '../lib/labels'
import { useTitle } from '../lib/use-title'

export function ExercisePage ({ slug, user }: { slug: string, user: User }) {
  const [exercise, setExercise] = useState<ExerciseDetail>()
  const [error, setError] = useState<string>()
  useTitle(exercise?.title ?? (error === undefined ? undefined : 'Exercise not found'))

  useEffect(() => {
    api.exercise(slug).then(setExercise, (err: unknown) => { setError(errorMessage(err)) })
  }, [slug])

  if (error !== undefined) {
    return <>
      <h1>This exercise is not available</h1>
      <ErrorMessage message={error} />
      <p><Link href="/">See all exercises</Link></p>
    </>
  }
  if (exercise === undefined) return <Loading what="Loading the exercise…" />

  return <div class="exercise-page">
    <div class="page-intro">
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <Link href="/">Exercises</Link> <span aria-hidden="true">›</span> {trackLabel(exercise.track)}
      </nav>
      <h1>{exercise.title}</h1>
      <p class="lead">{exercise.summary}</p>
    </div>
    <div class="exercise-columns">
      {/* Focusable: on wide screens this column scrolls on its own, and keyboards must reach it. */}
      <section class="instructions" aria-labelledby="instructions-title" tabIndex={0}>
        <h2 id="instructions-title">Instructions</h2>
        <Markdown source={exercise.instructions} />
      </section>
      <SolutionWorkspace exercise={exercise} user={user} />
    </div>
  </div>
}
