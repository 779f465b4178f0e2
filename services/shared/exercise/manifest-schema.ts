import { Type, type Static } from '@sinclair/typebox'
import { compileCheck } from '../validation.js'
import { ManifestLimitsSchema } from '../sandbox-limits.js'
import { RUNTIME_NAMES, type RuntimeName } from './runtimes.js'

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
  /** Accepted runtimes; the first is the default for a submission that names none. */
  // An enum rather than a union of literals: one error line ("must be one of …"), not three.
  runtimes: Type.Array(Type.Unsafe<RuntimeName>({ type: 'string', enum: RUNTIME_NAMES }), { minItems: 1, uniqueItems: true }),
  port: Type.Integer({ minimum: 1024, maximum: 65535 }),
  /** Sidecars joining the pod; `postgres` gives the app DATABASE_URL and the grader BACKLAB_DATABASE_URL. */
  services: Type.Optional(Type.Array(Type.Literal('postgres'), { uniqueItems: true })),
  /** Environment variables given a fresh random value per grading, the same in the app and the grader. */
  secrets: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,63}$' }), { uniqueItems: true, maxItems: 10 })),
  grader: Type.Object({ entry: RelativeGlob }, { additionalProperties: false }),
  limits: ManifestLimitsSchema
}, { additionalProperties: false })

export type Manifest = Static<typeof ManifestSchema>

export const checkManifest = compileCheck(ManifestSchema)
