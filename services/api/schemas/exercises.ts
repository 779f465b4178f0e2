import { Type } from '@sinclair/typebox'
import { SLUG_PATTERN } from '../../shared/exercise/manifest-schema.js'
import { LIMITS } from '../../shared/sandbox-limits.js'

export const SlugParamsSchema = Type.Object({
  slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 64, description: 'Exercise slug, e.g. todos-crud' })
})

const summaryFields = {
  slug: Type.String(),
  version: Type.Integer(),
  title: Type.String(),
  summary: Type.String(),
  track: Type.String(),
  runtime: Type.String()
}

export const ExerciseListSchema = Type.Object({
  exercises: Type.Array(Type.Object(summaryFields))
})

/** What a learner may see of an exercise: never the reference solution or the grader suite. */
export const ExerciseDetailSchema = Type.Object({
  ...summaryFields,
  port: Type.Integer({ description: 'The port the grader expects the server on (also given as PORT)' }),
  entry: Type.String({ description: 'The file the runtime starts, e.g. server.js' }),
  instructions: Type.String({ description: 'Markdown' }),
  starterFiles: Type.Record(Type.String(), Type.String(), { description: 'Path → UTF-8 content' }),
  files: Type.Object({
    allowed: Type.Array(Type.String(), { description: 'Globs a submitted path must match' }),
    required: Type.Array(Type.String())
  }),
  limits: Type.Object(Object.fromEntries(Object.entries(LIMITS).map(([name, l]) => [name, Type.Number({ description: l.description })])),
    { description: 'The limits your code runs under' })
})
