import type {
  ExerciseDetail, ExerciseStats, ExerciseSummary, MaintainedExercise, PackageValidation, Submission, SubmissionAccepted,
  SubmissionSummary, User, ValidationSummary
} from './api-types'

/** An API refusal, carrying the message the server wrote for the learner. */
export class ApiError extends Error {
  constructor (
    message: string,
    readonly status: number,
    readonly code: string,
    /** Seconds, from a 429's Retry-After. */
    readonly retryAfter?: number,
    /** Every problem found, when the server lists them (a refused exercise package). */
    readonly problems?: string[]
  ) {
    super(message)
  }
}

let onUnauthorized: () => void = () => {}

/** Called when a request finds the session gone (expired, or logged out in another tab). */
export function setUnauthorizedHandler (handler: () => void): void {
  onUnauthorized = handler
}

interface RequestOptions {
  body?: BodyInit
  json?: unknown
  contentType?: string
  /** A 401 here is an answer to show (wrong password), not a lost session. */
  expect401?: boolean
}

async function request<T> (method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  // The server refuses cookie-authenticated writes without it: a cross-site form cannot set it.
  if (method !== 'GET') headers['x-backlab-web'] = '1'
  let body = options.body
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.json)
  } else if (options.contentType !== undefined) {
    headers['content-type'] = options.contentType
  }

  let response: Response
  try {
    response = await fetch(path, { method, headers, body: body ?? null, credentials: 'same-origin' })
  } catch {
    throw new ApiError('Could not reach Backlab. Check your connection and try again.', 0, 'NETWORK_ERROR')
  }

  if (response.status === 204) return undefined as T
  const payload: unknown = await response.json().catch(() => undefined)
  if (response.ok) return payload as T

  if (response.status === 401 && options.expect401 !== true) onUnauthorized()
  const error = (payload as { error?: { code?: unknown, message?: unknown, problems?: unknown } } | undefined)?.error
  const retryHeader = Number(response.headers.get('retry-after'))
  const problems = Array.isArray(error?.problems) ? error.problems.filter((p): p is string => typeof p === 'string') : undefined
  throw new ApiError(
    typeof error?.message === 'string' ? error.message : `Backlab answered ${response.status}. Try again in a moment.`,
    response.status,
    typeof error?.code === 'string' ? error.code : 'HTTP_' + String(response.status),
    Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : undefined,
    problems
  )
}

export function errorMessage (err: unknown): string {
  return err instanceof Error ? err.message : 'Something went wrong. Try again in a moment.'
}

const enc = encodeURIComponent

export const api = {
  me: async () => await request<User>('GET', '/api/v1/me', { expect401: true }),
  /** The same answer whether or not the email had an account: logging in next tells. */
  signUp: async (email: string, name: string, password: string) =>
    await request<{ email: string, message: string }>('POST', '/api/v1/users', { json: { email, name, password } }),
  logIn: async (email: string, password: string) =>
    (await request<{ user: User }>('POST', '/api/v1/sessions', { json: { email, password }, expect401: true })).user,
  logOut: async () => { await request<undefined>('DELETE', '/api/v1/sessions', { expect401: true }) },

  exercises: async () => (await request<{ exercises: ExerciseSummary[] }>('GET', '/api/v1/exercises')).exercises,
  exercise: async (slug: string) => await request<ExerciseDetail>('GET', `/api/v1/exercises/${enc(slug)}`),

  submit: async (exercise: string, runtime: string, files: Record<string, string>) =>
    await request<SubmissionAccepted>('POST', '/api/v1/submissions', { json: { exercise, runtime, files } }),
  submitArchive: async (exercise: string, runtime: string, archive: File) =>
    await request<SubmissionAccepted>('POST', `/api/v1/submissions/archive?exercise=${enc(exercise)}&runtime=${enc(runtime)}`, {
      body: archive,
      contentType: archive.name.toLowerCase().endsWith('.zip') ? 'application/zip' : 'application/gzip'
    }),
  /** `wait` holds the answer until graded or that many seconds pass (long polling). */
  submission: async (id: string, wait = 0) =>
    await request<Submission>('GET', `/api/v1/submissions/${enc(id)}${wait > 0 ? `?wait=${wait}` : ''}`),
  // mine=true: an instructor's history of an exercise they maintain would otherwise list everyone's.
  submissions: async (exercise: string, limit = 20) =>
    await request<SubmissionSummary[]>('GET', `/api/v1/submissions?exercise=${enc(exercise)}&mine=true&limit=${limit}`),

  // Instructors and admins
  instructorExercises: async () => await request<MaintainedExercise[]>('GET', '/api/v1/instructor/exercises'),
  exerciseStats: async (slug: string) => await request<ExerciseStats>('GET', `/api/v1/exercises/${enc(slug)}/stats`),
  /** Every learner's submissions to an exercise the user maintains, newest first. */
  exerciseSubmissions: async (slug: string, limit = 50) =>
    await request<SubmissionSummary[]>('GET', `/api/v1/submissions?exercise=${enc(slug)}&limit=${limit}`),
  validations: async () => await request<ValidationSummary[]>('GET', '/api/v1/exercise-packages'),
  validation: async (id: string) => await request<PackageValidation>('GET', `/api/v1/exercise-packages/${enc(id)}`),
  /** A 422 PACKAGE_INVALID carries every problem of the package's files in ApiError.problems. */
  uploadPackage: async (archive: Blob, contentType: 'application/zip' | 'application/gzip', publish: boolean) =>
    await request<PackageValidation>('POST', `/api/v1/exercise-packages?publish=${publish}`, { body: archive, contentType })
}
