import { Type, type Static } from '@sinclair/typebox'
import { compileCheck } from '../validation.js'
import { ManifestLimitsSchema } from '../sandbox-limits.js'

export const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$'

/** Glob or path relative to the solution root: no leading slash, no `..` segment. */
const RelativeGlob = Type.String({ minLength: 1, maxLength: 200, pattern: '^(?!/)(?!.*(^|/)\\.\\.(/|$)).+$' })

/** `exercises/<slug>/exercise.json`: see exercises/README.md. */
export const ManifestSchema = Type.Object({
  slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 64 }),
  version: Type.Integer({ minimum: 1 }),
  title: Type.String({ minLength: 1, maxLength: 120 }),
  summary: Type.String({ minLength: 1, maxLength: 350 }),
  track: Type.Union([Type.Literal('crud'), Type.Literal('auth'), Type.Literal('sql')]),
  runtime: Type.Literal('node'),
  port: Type.Integer({ minimum: 1024, maximum: 65535 }),
  entry: RelativeGlob,
  files: Type.Object({
    allowed: Type.Array(RelativeGlob, { minItems: 1, maxItems: 50 }),
    required: Type.Array(RelativeGlob, { maxItems: 50 })
  }, { additionalProperties: false }),
  grader: Type.Object({ entry: RelativeGlob }, { additionalProperties: false }),
  limits: ManifestLimitsSchema
}, { additionalProperties: false })

export type Manifest = Static<typeof ManifestSchema>

export const checkManifest = compileCheck(ManifestSchema)
