import { useEffect, useState } from 'preact/hooks'
import { api, errorMessage } from '../api'
import type { ExerciseSummary } from '../api-types'
import { Link } from '../router'
import { ErrorMessage, Loading } from '../components/status-messages'
import { PROGRESS_LABELS, runtimeLabel, TRACK_ORDER, trackLabel } from '../lib/labels'
import { useTitle } from '../lib/use-title'

export function CatalogPage () {
  useTitle('Exercises')
  const [exercises, setExercises] = useState<ExerciseSummary[]>()
  const [error, setError] = useState<string>()

  useEffect(() => {
    api.exercises().then(setExercises, (err: unknown) => { setError(errorMessage(err)) })
  }, [])

  return <>
    <h1>Exercises</h1>
    <p class="lead">Build a real server for each exercise; Backlab runs it and tells you what works and what does not.</p>
    {error !== undefined
      ? <ErrorMessage message={error} />
      : exercises === undefined
        ? <Loading what="Loading the exercises…" />
        : exercises.length === 0
          ? <p>No exercises are published yet.</p>
          : byTrack(exercises).map(([track, list]) => <TrackSection key={track} track={track} exercises={list} />)}
  </>
}

/** Tracks in teaching order, then any track this page does not know yet. */
function byTrack (exercises: ExerciseSummary[]): Array<[string, ExerciseSummary[]]> {
  const groups = new Map<string, ExerciseSummary[]>(TRACK_ORDER.map((t) => [t, []]))
  for (const e of exercises) {
    const group = groups.get(e.track)
    if (group === undefined) groups.set(e.track, [e])
    else group.push(e)
  }
  return [...groups].filter(([, list]) => list.length > 0)
}

function TrackSection ({ track, exercises }: { track: string, exercises: ExerciseSummary[] }) {
  const headingId = `track-${track}`
  return <section class="track" aria-labelledby={headingId}>
    <h2 id={headingId}>{trackLabel(track)}</h2>
    <ul class="card-list">
      {exercises.map((e) => <li key={e.slug}>
        {/* The whole card is the link: a big target on a phone, and its name carries the progress. */}
        <Link class="card" href={`/exercises/${encodeURIComponent(e.slug)}`}>
          <h3 class="card-title">{e.title}</h3>
          <p>{e.summary}</p>
          <span class="card-meta">
            <span>{e.runtimes.map(runtimeLabel).join(' · ')}</span>
            {e.progress !== undefined && <span class={`badge badge-${e.progress}`}>{PROGRESS_LABELS[e.progress]}</span>}
          </span>
        </Link>
      </li>)}
    </ul>
  </section>
}
