import type { Progress, SubmissionStatus, Verdict } from '../api-types'

const RUNTIME_LABELS: Record<string, string> = { node: 'Node.js', python: 'Python', sql: 'SQL' }
export const runtimeLabel = (runtime: string): string => RUNTIME_LABELS[runtime] ?? runtime

const TRACK_LABELS: Record<string, string> = { crud: 'CRUD', auth: 'Auth', sql: 'SQL' }
export const TRACK_ORDER = ['crud', 'auth', 'sql']
export const trackLabel = (track: string): string =>
  TRACK_LABELS[track] ?? track.charAt(0).toUpperCase() + track.slice(1)

export const PROGRESS_LABELS: Record<Progress, string> = {
  'not-started': 'Not started',
  attempted: 'Attempted',
  passed: 'Passed'
}

export const STATUS_LABELS: Record<SubmissionStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  passed: 'Passed',
  failed: 'Failed',
  error: 'Not graded'
}

/** Each verdict in the words of someone who does not know how the sandbox works. */
export const VERDICT_TEXT: Record<Verdict, string> = {
  tests_passed: 'Every test passed.',
  tests_failed: 'Your server ran, and some tests did not pass.',
  server_did_not_start: 'Your server never started listening on its port.',
  server_crashed: 'Your server stopped while the tests were running.',
  time_limit: 'Your server took longer than the time limit (every test has a deadline).',
  memory_limit: 'Your server used more memory than allowed and was stopped.',
  output_limit: 'Your server wrote more output (logs) than allowed and was stopped.',
  process_limit: 'Your code started more processes or threads than allowed.',
  platform_error: 'Backlab could not grade this submission. It does not count against you: submit again in a moment.'
}

/** An SQL submission has no server: its queries ran, or did not. */
export function verdictText (verdict: Verdict, runtime: string): string {
  if (runtime === 'sql' && verdict === 'tests_failed') return 'Your queries ran, and some tasks did not pass.'
  return VERDICT_TEXT[verdict]
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
export function formatTime (iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date)
}

export function formatScore (score: number | null, maxScore: number | null): string | undefined {
  return score === null || maxScore === null ? undefined : `${score}/${maxScore}`
}

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 })
/** A share from 0 to 1 as a percentage; "—" when there is none yet (nothing graded). */
export function formatPercent (rate: number | null): string {
  return rate === null ? '—' : percent.format(rate)
}

const shortDay = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' })
/** A 'YYYY-MM-DD' day of the stats (UTC days) as "12 Mar". */
export function formatDay (day: string): string {
  const date = new Date(`${day}T00:00:00Z`)
  return Number.isNaN(date.getTime()) ? day : shortDay.format(date)
}
