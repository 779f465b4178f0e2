import { Type } from '@sinclair/typebox'
import { SLUG_PATTERN } from '../../exercise/manifest-schema.js'
import { RuntimeSchema } from './exercises.js'
import { TestResultSchema, TimingsSchema, VERDICTS } from '../../submission/result-schema.js'

export const MAX_FILES = 100
export const MAX_FILE_BYTES = 256 * 1024

export const CreateSubmissionSchema = Type.Object({
  exercise: Type.String({ pattern: SLUG_PATTERN, maxLength: 64, description: 'Slug of the exercise' }),
  runtime: Type.Optional(RuntimeSchema),
  files: Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: MAX_FILE_BYTES }), {
    minProperties: 1,
    maxProperties: MAX_FILES,
    description: 'Relative path → UTF-8 file content, e.g. { "server.js": "…" }'
  })
}, { additionalProperties: false })

const StatusSchema = Type.Union(['queued', 'running', 'passed', 'failed', 'error'].map((s) => Type.Literal(s)), {
  description: 'passed/failed: your code was graded; error: Backlab could not grade it (not your code)'
})

export const SubmissionAcceptedSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: StatusSchema,
  duplicate: Type.Boolean({
    description: 'true (status 200): you sent these files to this exercise version before; this is that submission, not graded again'
  })
})

export const SubmissionListQuerySchema = Type.Object({
  exercise: Type.Optional(Type.String({ pattern: SLUG_PATTERN, maxLength: 64, description: "Only this exercise's submissions; instructors see all of an exercise they maintain" })),
  mine: Type.Optional(Type.Boolean({ default: false, description: 'Only your own, even where you may read others\'' })),
  before: Type.Optional(Type.String({ format: 'uuid', description: 'Continue after this submission (the last id of the previous page)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 }))
}, { additionalProperties: false })

export const MAX_WAIT_SECONDS = 30

export const SubmissionQuerySchema = Type.Object({
  wait: Type.Optional(Type.Integer({
    minimum: 0,
    maximum: MAX_WAIT_SECONDS,
    default: 0,
    description: 'Seconds to hold the request until the submission is graded (long polling); 0 answers at once'
  }))
}, { additionalProperties: false })

export const SubmissionParamsSchema = Type.Object({
  id: Type.String({ format: 'uuid', description: 'Submission id returned by POST /api/v1/submissions' })
})

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

export const SubmissionSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  author: Nullable(Type.Object({ id: Type.String({ format: 'uuid' }) }, { description: 'null for submissions made before accounts' })),
  regradeOf: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'The submission this one grades again against a newer exercise version' }))),
  exercise: Type.Object({ slug: Type.String(), version: Type.Integer() }),
  runtime: Type.String({ description: 'The runtime the submission was written for' }),
  files: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'The submitted files: path → content' })),
  status: StatusSchema,
  verdict: Nullable(Type.Union(VERDICTS.map((v) => Type.Literal(v)))),
  score: Nullable(Type.Integer()),
  maxScore: Nullable(Type.Integer()),
  message: Nullable(Type.String()),
  tests: Type.Array(TestResultSchema, { description: 'In the order the grader ran them' }),
  logTail: Nullable(Type.String({ description: "The end of your server's output" })),
  attempts: Type.Integer(),
  timings: TimingsSchema,
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: Nullable(Type.String({ format: 'date-time' })),
  finishedAt: Nullable(Type.String({ format: 'date-time' }))
})

export const SubmissionSummarySchema = Type.Pick(SubmissionSchema, [
  'id', 'author', 'exercise', 'runtime', 'status', 'verdict', 'score', 'maxScore', 'createdAt', 'finishedAt'
])
