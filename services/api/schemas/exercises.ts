import { Type } from '@sinclair/typebox'
import { SLUG_PATTERN } from '../../exercise/manifest-schema.js'
import { RUNTIME_NAMES } from '../../exercise/runtimes.js'
import { LIMITS } from '../../platform/sandbox-limits.js'

export const SlugParamsSchema = Type.Object({
  slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 64, description: 'Exercise slug, e.g. todos-crud' })
})

export const RuntimeSchema = Type.Union(RUNTIME_NAMES.map((r) => Type.Literal(r)), {
  description: `The language runtime: ${RUNTIME_NAMES.join(' or ')}. Default: the exercise's first runtime.`
})

const summaryFields = {
  slug: Type.String(),
  version: Type.Integer(),
  title: Type.String(),
  summary: Type.String(),
  track: Type.String(),
  runtimes: Type.Array(Type.String(), { description: 'Runtimes a solution may be written in; the first is the default' })
}

export const ExerciseListSchema = Type.Object({
  exercises: Type.Array(Type.Object({
    ...summaryFields,
    progress: Type.Optional(Type.Union([Type.Literal('not-started'), Type.Literal('attempted'), Type.Literal('passed')], {
      description: 'Yours, when logged in: passed once any submission of any version passed; attempted once you submitted'
    }))
  }))
})

const RuntimeDetailSchema = Type.Object({
  start: Type.String({ description: 'How the runtime starts your server' }),
  entry: Type.Optional(Type.String({ description: 'The file started when there is no start script, e.g. server.js (none for sql)' })),
  allowedFiles: Type.Array(Type.String(), { description: 'Globs a submitted path must match' }),
  libraries: Type.Array(Type.String(), { description: 'Libraries available offline, besides the standard library' }),
  starterFiles: Type.Record(Type.String(), Type.String(), { description: 'Path → UTF-8 content' })
})

/** What a learner may see of an exercise: never the reference solution or the grader suite. */
export const ExerciseDetailSchema = Type.Object({
  ...summaryFields,
  port: Type.Optional(Type.Integer({ description: 'The port the grader expects the server on (also given as PORT); none for sql' })),
  services: Type.Array(Type.String(), { description: 'Sidecars in the pod; postgres gives your server DATABASE_URL' }),
  instructions: Type.String({ description: 'Markdown' }),
  runtimeDetails: Type.Record(Type.String(), RuntimeDetailSchema, { description: 'Per accepted runtime' }),
  sql: Type.Optional(Type.Object({
    tasks: Type.Array(Type.Object({
      file: Type.String({ description: 'The file this task reads from a submission, e.g. 01-cheap-products.sql' }),
      title: Type.String(),
      kind: Type.String({ description: 'query (one SELECT), change (statements that change data), schema or index (DDL)' }),
      rules: Type.Array(Type.String(), { description: 'How the result is compared with the expected one, in words' })
    })),
    visibleDataset: Type.String({ description: 'The SQL that builds the dataset your queries run on, to try them locally' }),
    statementTimeoutMs: Type.Integer(),
    maxRows: Type.Integer()
  }, { description: 'Only for runtime sql' })),
  limits: Type.Object(Object.fromEntries(Object.entries(LIMITS).map(([name, l]) => [name, Type.Number({ description: l.description })])),
    { description: 'The limits your code runs under' })
})

export const StatsQuerySchema = Type.Object({
  version: Type.Optional(Type.Integer({ minimum: 1, description: 'Only submissions to this version' }))
}, { additionalProperties: false })

export const ExerciseStatsSchema = Type.Object({
  exercise: Type.String(),
  version: Type.Optional(Type.Integer()),
  submissions: Type.Integer(),
  learners: Type.Integer({ description: 'Accounts that submitted' }),
  learnersPassed: Type.Integer({ description: 'Accounts with at least one passing submission' }),
  passed: Type.Integer(),
  failed: Type.Integer(),
  notGraded: Type.Integer({ description: 'Backlab could not grade them (not the learner\'s code); left out of the pass rate' }),
  pending: Type.Integer(),
  passRate: Type.Union([Type.Number(), Type.Null()], { description: 'passed / (passed + failed)' }),
  failingTests: Type.Array(Type.Object({
    name: Type.String(),
    failures: Type.Integer(),
    failRate: Type.Number({ description: 'Share of graded submissions this test failed in' })
  }), { description: 'The ten tests that fail most' }),
  daily: Type.Array(Type.Object({
    day: Type.String({ description: 'YYYY-MM-DD (UTC)' }),
    submissions: Type.Integer(),
    passed: Type.Integer(),
    failed: Type.Integer()
  }), { description: 'The last 30 days, oldest first, days without submissions included' })
})

export const MaintainedExercisesSchema = Type.Array(Type.Object({
  slug: Type.String(),
  title: Type.String(),
  track: Type.String(),
  version: Type.Integer({ description: 'The latest published version' }),
  runtimes: Type.Array(Type.String()),
  submissions: Type.Integer({ description: "Learners' submissions, all versions" }),
  learners: Type.Integer(),
  passRate: Type.Union([Type.Number(), Type.Null()], { description: 'passed / (passed + failed)' })
}))
