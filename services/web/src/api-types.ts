// The shapes the API answers with (services/api/schemas). Fields the page does not read are left out.
// A type-only import from the server (a file without imports of its own): erased by esbuild.
import type { ExerciseStats as ServerExerciseStats } from '../../submission/exercise-stats-view.js'

export type Role = 'learner' | 'instructor' | 'admin'

export interface User {
  id: string
  email: string
  name: string
  role: Role
}

export type Progress = 'not-started' | 'attempted' | 'passed'

export interface ExerciseSummary {
  slug: string
  version: number
  title: string
  summary: string
  track: string
  runtimes: string[]
  progress?: Progress
}

export interface RuntimeDetail {
  start: string
  entry?: string
  allowedFiles: string[]
  libraries: string[]
  starterFiles: Record<string, string>
}

export interface SqlTask {
  file: string
  title: string
  kind: string
  rules: string[]
}

export interface ExerciseDetail extends ExerciseSummary {
  port?: number
  services: string[]
  instructions: string
  runtimeDetails: Record<string, RuntimeDetail>
  sql?: {
    tasks: SqlTask[]
    visibleDataset: string
    statementTimeoutMs: number
    maxRows: number
  }
  limits: Record<string, number>
}

export type SubmissionStatus = 'queued' | 'running' | 'passed' | 'failed' | 'error'

export type Verdict =
  | 'tests_passed' | 'tests_failed' | 'server_did_not_start' | 'server_crashed' | 'time_limit'
  | 'memory_limit' | 'output_limit' | 'process_limit' | 'platform_error'

export type TestStatus = 'pass' | 'fail' | 'error' | 'skip'

export interface TestResult {
  name: string
  status: TestStatus
  message?: string
  request?: string
  expected?: string
  actual?: string
  curl?: string
  durationMs?: number
  hidden?: boolean
}

export interface SubmissionSummary {
  id: string
  /** null for submissions made before accounts. */
  author?: { id: string } | null
  exercise: { slug: string, version: number }
  runtime: string
  status: SubmissionStatus
  verdict: Verdict | null
  score: number | null
  maxScore: number | null
  createdAt: string
  finishedAt?: string | null
}

export interface Submission extends SubmissionSummary {
  message: string | null
  tests: TestResult[]
  logTail: string | null
  files?: Record<string, string>
}

export interface SubmissionAccepted {
  id: string
  status: SubmissionStatus
  duplicate: boolean
}

export const FINAL_STATUSES: ReadonlySet<SubmissionStatus> = new Set(['passed', 'failed', 'error'])

// Instructors

/** An exercise the user maintains, with how learners do on it (all versions). */
export interface MaintainedExercise {
  slug: string
  title: string
  track: string
  version: number
  runtimes: string[]
  submissions: number
  learners: number
  /** passed / (passed + failed), 0 to 1; null before any grading. */
  passRate: number | null
}

export interface ExerciseStats extends ServerExerciseStats {
  exercise: string
}

export type ValidationStatus = 'running' | 'passed' | 'published' | 'failed' | 'error'
export type CheckStatus = 'pending' | 'pass' | 'fail' | 'error'

export interface PackageCheck {
  name: string
  /** The grading behind the check: its feedback is at /submissions/<id>. */
  submissionId: string
  status: CheckStatus
  problems: string[]
}

export interface ValidationSummary {
  id: string
  exercise: { slug: string, version: number }
  publish: boolean
  status: ValidationStatus
  createdAt: string
  finishedAt: string | null
}

export interface PackageValidation extends ValidationSummary {
  checks: PackageCheck[]
}
