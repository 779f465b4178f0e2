import { Type, type Static } from '@sinclair/typebox'
import { compileCheck } from '../platform/validation.js'

const Text = (maxLength: number) => Type.String({ maxLength })

/** One graded check, in the order the grader suite ran it. */
export const TestResultSchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 300 }),
  status: Type.Union([Type.Literal('pass'), Type.Literal('fail'), Type.Literal('error'), Type.Literal('skip')]),
  message: Type.Optional(Text(2000)),
  request: Type.Optional(Text(4000)),
  expected: Type.Optional(Text(4000)),
  actual: Type.Optional(Text(4000)),
  curl: Type.Optional(Text(4000)),
  durationMs: Type.Optional(Type.Number({ minimum: 0 }))
}, { additionalProperties: false })

export const VERDICTS = [
  'tests_passed', // every test passed
  'tests_failed', // the server ran and at least one test failed
  'server_did_not_start', // never accepted a connection on its port (exited early, or never listened)
  'server_crashed', // exited while the tests were running
  'time_limit', // the whole pod hit its wall-clock deadline
  'memory_limit', // the learner's server was killed for using more memory than allowed
  'output_limit', // the learner's server wrote more output than allowed and was stopped
  'process_limit', // the learner's code hit the process/thread limit and the tests did not pass
  'platform_error' // Backlab could not grade it: not the learner's fault
] as const
export type Verdict = typeof VERDICTS[number]

export const TimingsSchema = Type.Object({
  queueWaitMs: Type.Optional(Type.Number()),
  containerStartMs: Type.Optional(Type.Number()),
  /** Part of containerStartMs: until the pod's sidecars (e.g. Postgres) were ready. */
  servicesReadyMs: Type.Optional(Type.Number()),
  serverReadyMs: Type.Optional(Type.Number()),
  gradingMs: Type.Optional(Type.Number()),
  teardownMs: Type.Optional(Type.Number()),
  totalMs: Type.Optional(Type.Number()),
  /** Waits that ran out of time (requests, restarts, start-up, the deadline): a verdict that had any depended on the host's speed. */
  timedWaits: Type.Optional(Type.Integer({ minimum: 0 })),
  /** How much this grading's time limits were stretched for the host's load (1: not at all). */
  timeScale: Type.Optional(Type.Number({ minimum: 1 })),
  /** How much slower than a quiet host the host ran while the learner's code was timed (1: not at all). */
  hostSlowdown: Type.Optional(Type.Number({ minimum: 0 })),
  /** The share of that time the learner's code spent runnable but waiting for a CPU (the kernel's schedstat). */
  learnerCpuWait: Type.Optional(Type.Number({ minimum: 0 }))
}, { additionalProperties: false })

/**
 * Where in the log tail (a character offset) the grader's test `test` began: the log from there
 * on may show what that test sent, so a learner's view ends it there when the test is hidden.
 */
export const LogMarkSchema = Type.Object({
  test: Type.String({ maxLength: 300 }),
  at: Type.Integer({ minimum: 0 })
}, { additionalProperties: false })

/** What a finished grading stores; validated before it reaches Postgres. */
export const GradingResultSchema = Type.Object({
  status: Type.Union([Type.Literal('passed'), Type.Literal('failed')]),
  verdict: Type.Union(VERDICTS.filter((v) => v !== 'platform_error').map((v) => Type.Literal(v))),
  score: Type.Integer({ minimum: 0 }),
  maxScore: Type.Integer({ minimum: 0 }),
  message: Type.Union([Type.String({ maxLength: 4000 }), Type.Null()]),
  tests: Type.Array(TestResultSchema, { maxItems: 500 }),
  logTail: Type.String(),
  logMarks: Type.Optional(Type.Array(LogMarkSchema, { maxItems: 500 })),
  timings: TimingsSchema
}, { additionalProperties: false })

export type TestResult = Static<typeof TestResultSchema>
export type GradingResult = Static<typeof GradingResultSchema>
export type Timings = Static<typeof TimingsSchema>
export type LogMark = Static<typeof LogMarkSchema>

export const checkGradingResult = compileCheck(GradingResultSchema)
