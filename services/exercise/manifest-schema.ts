import { Type, type Static } from '@sinclair/typebox'
import { compileCheck } from '../platform/validation.js'
import { ManifestLimitsSchema } from '../platform/sandbox-limits.js'
import { RUNTIME_NAMES, type RuntimeName } from './runtimes.js'

export const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$'

/** Glob or path relative to the solution root: no leading slash, no `..` segment. */
const RelativeGlob = Type.String({ minLength: 1, maxLength: 200, pattern: '^(?!/)(?!.*(^|/)\\.\\.(/|$)).+$' })

/** How a query's result is compared with the reference's (exercises/README.md, "SQL tasks"). */
export const SqlCompareSchema = Type.Object({
  /**
   * The expected result's columns whose sequence of values the task asks for, most significant
   * first ("ordered by price, then name"); rows tied on all of them may come in any order.
   * Absent: the task asks for no order and any order passes.
   */
  orderBy: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 63 }), { minItems: 1, maxItems: 8 })),
  /** `position` (default): column names are the learner's choice; `names`: the task names them. */
  columns: Type.Optional(Type.Union([Type.Literal('position'), Type.Literal('names')])),
  /** Largest absolute difference between two numbers that still counts as equal; default 0 (12.5 = 12.50). */
  tolerance: Type.Optional(Type.Number({ minimum: 0, maximum: 1000 })),
  /** `count` (default): a row expected twice must come twice; `ignore`: compared as sets. */
  duplicates: Type.Optional(Type.Union([Type.Literal('count'), Type.Literal('ignore')])),
  /** `exact` (default) or `ignore`: whether 'Books' equals 'books'. */
  textCase: Type.Optional(Type.Union([Type.Literal('exact'), Type.Literal('ignore')]))
}, { additionalProperties: false })

/**
 * One task of an SQL exercise: a file the learner writes, run on a fresh copy of the dataset.
 * `query`: one SELECT whose result is compared; `change`: statements whose effect on `tables` is
 * compared; `schema` and `index`: DDL the exercise's grader checks by behaviour and by plan.
 */
export const SqlTaskSchema = Type.Object({
  file: Type.String({ pattern: '^[0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*\\.sql$', maxLength: 80 }),
  title: Type.String({ minLength: 1, maxLength: 120 }),
  kind: Type.Union([Type.Literal('query'), Type.Literal('change'), Type.Literal('schema'), Type.Literal('index')]),
  compare: Type.Optional(SqlCompareSchema),
  /** For `change`: the tables whose contents must end up as the reference leaves them. */
  tables: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z_][a-z0-9_]*$', maxLength: 63 }), { minItems: 1, maxItems: 10 })),
  /** Shown when the visible dataset passes and the hidden one does not: what the hidden one has. */
  hiddenHint: Type.Optional(Type.String({ minLength: 1, maxLength: 400 }))
}, { additionalProperties: false })

export const SqlSettingsSchema = Type.Object({
  tasks: Type.Array(SqlTaskSchema, { minItems: 1, maxItems: 12 }),
  /** Per statement; the grader also cancels from outside, since a learner's SET can lift this. */
  statementTimeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 10_000 })),
  /** Rows read from a query's result; one more than the reference returns is always allowed. */
  maxRows: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 }))
}, { additionalProperties: false })

/** `exercises/<slug>/exercise.json`: see exercises/README.md. */
export const ManifestSchema = Type.Object({
  slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 64 }),
  version: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  title: Type.String({ minLength: 1, maxLength: 120 }),
  summary: Type.String({ minLength: 1, maxLength: 350 }),
  track: Type.Union([Type.Literal('crud'), Type.Literal('auth'), Type.Literal('sql')]),
  /** Accepted runtimes; the first is the default for a submission that names none. */
  // An enum rather than a union of literals: one error line ("must be one of …"), not three.
  runtimes: Type.Array(Type.Unsafe<RuntimeName>({ type: 'string', enum: RUNTIME_NAMES }), { minItems: 1, uniqueItems: true }),
  /** Where the learner's server listens (PORT); every runtime but `sql` needs one. */
  port: Type.Optional(Type.Integer({ minimum: 1024, maximum: 65535 })),
  /** Sidecars joining the pod; `postgres` gives the app DATABASE_URL and the grader BACKLAB_DATABASE_URL. */
  services: Type.Optional(Type.Array(Type.Literal('postgres'), { uniqueItems: true })),
  /** Environment variables given a fresh random value per grading, the same in the app and the grader. */
  secrets: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,63}$' }), { uniqueItems: true, maxItems: 10 })),
  /** The tasks of an exercise in runtime `sql` (and only there). */
  sql: Type.Optional(SqlSettingsSchema),
  grader: Type.Object({ entry: RelativeGlob }, { additionalProperties: false }),
  /**
   * Names of tests whose details learners do not see: they learn that the test passed or
   * failed, under its task number, and nothing of what it sent or expected. Instructors who
   * maintain the exercise, and admins, see everything.
   */
  hiddenTests: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { uniqueItems: true, maxItems: 200 })),
  limits: ManifestLimitsSchema
}, { additionalProperties: false })

export type Manifest = Static<typeof ManifestSchema>
export type SqlTask = Static<typeof SqlTaskSchema>
export type SqlSettings = Static<typeof SqlSettingsSchema>

export const checkManifest = compileCheck(ManifestSchema)
