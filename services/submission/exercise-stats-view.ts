// What an exercise's statistics hold. On its own, without imports, so the web app can share the
// type without pulling in the server's database types.

export interface ExerciseStats {
  submissions: number
  learners: number
  learnersPassed: number
  passed: number
  failed: number
  /** Backlab could not grade them: not counted in the pass rate. */
  notGraded: number
  pending: number
  /** passed / (passed + failed): of the gradings of learners' code. */
  passRate: number | null
  /** The tests that fail most, with the share of graded submissions they failed in. */
  failingTests: Array<{ name: string, failures: number, failRate: number }>
  /** The last 30 days (DAILY_DAYS) (UTC), oldest first, days without submissions included. */
  daily: Array<{ day: string, submissions: number, passed: number, failed: number }>
}
