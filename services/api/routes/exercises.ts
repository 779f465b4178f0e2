import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Errors } from '../../platform/errors.js'
import { RUNTIMES } from '../../exercise/runtimes.js'
import { SQL_DEFAULTS, sqlTaskRules } from '../../exercise/sql-tasks.js'
import { ceilings, tighten } from '../../platform/sandbox-limits.js'
import { errorResponses } from '../schemas/common.js'
import {
  ExerciseDetailSchema, ExerciseListSchema, ExerciseStatsSchema, MaintainedExercisesSchema, SlugParamsSchema, StatsQuerySchema
} from '../schemas/exercises.js'
import { exerciseCounts, exerciseStats } from '../../submission/exercise-stats.js'
import { requireMaintainer, requireRole } from '../plugins/auth.js'

const exercisesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v1/exercises/:slug/stats', {
    schema: {
      tags: ['exercises'],
      summary: 'How learners do on an exercise: submissions, pass rate, the tests that fail most (its instructors and admins)',
      params: SlugParamsSchema,
      querystring: StatsQuerySchema,
      response: { 200: ExerciseStatsSchema, ...errorResponses }
    }
  }, async (request) => {
    const { slug } = request.params
    requireRole(request, 'instructor', 'admin')
    if (await app.exercises.findLatest(slug) === undefined) throw new Errors.EXERCISE_NOT_FOUND(slug)
    await requireMaintainer(request, app.users, slug)
    return { exercise: slug, ...(request.query.version !== undefined && { version: request.query.version }), ...await exerciseStats(app.pg, slug, request.query.version) }
  })

  app.get('/api/v1/instructor/exercises', {
    schema: {
      tags: ['instructors'],
      summary: 'The exercises you maintain (all of them, for admins), with how learners do',
      response: { 200: MaintainedExercisesSchema, ...errorResponses }
    }
  }, async (request) => {
    const user = requireRole(request, 'instructor', 'admin')
    const list = await app.exercises.listLatest()
    const maintained = user.role === 'admin' ? undefined : new Set(await app.users.maintainedSlugs(user.id))
    const mine = list.filter((e) => maintained?.has(e.slug) ?? true)
    const counts = await exerciseCounts(app.pg, mine.map((e) => e.slug))
    return mine.map((e) => {
      const c = counts.get(e.slug)
      const graded = (c?.passed ?? 0) + (c?.failed ?? 0)
      return {
        slug: e.slug,
        title: e.title,
        track: e.track,
        version: e.version,
        runtimes: e.manifest.runtimes,
        submissions: c?.submissions ?? 0,
        learners: c?.learners ?? 0,
        passRate: graded === 0 ? null : Math.round((c?.passed ?? 0) / graded * 1000) / 1000
      }
    })
  })

  app.get('/api/v1/exercises', {
    schema: { tags: ['exercises'], summary: 'List the exercises', response: { 200: ExerciseListSchema } }
  }, async (request) => {
    const list = await app.exercises.listLatest()
    const progress = request.user === null ? undefined : await app.submissions.progressByExercise(request.user.id)
    return {
      exercises: list.map((e) => ({
        slug: e.slug,
        version: e.version,
        title: e.title,
        summary: e.summary,
        track: e.track,
        runtimes: e.manifest.runtimes,
        ...(progress !== undefined && { progress: progress.get(e.slug) ?? 'not-started' as const })
      }))
    }
  })

  app.get('/api/v1/exercises/:slug', {
    schema: {
      tags: ['exercises'],
      summary: 'Show an exercise: its instructions and starter files',
      params: SlugParamsSchema,
      response: { 200: ExerciseDetailSchema, 404: errorResponses[404] }
    }
  }, async (request) => {
    const e = await app.exercises.findLatest(request.params.slug)
    if (e === undefined) throw new Errors.EXERCISE_NOT_FOUND(request.params.slug)
    const m = e.manifest
    return {
      slug: e.slug,
      version: e.version,
      title: e.title,
      summary: e.summary,
      track: e.track,
      runtimes: m.runtimes,
      ...(m.port !== undefined && { port: m.port }),
      services: m.services ?? [],
      instructions: e.instructions,
      runtimeDetails: Object.fromEntries(m.runtimes.map((name) => {
        const r = RUNTIMES[name]
        return [name, { start: r.start, ...(r.entry !== undefined && { entry: r.entry }), allowedFiles: [...r.allowed], libraries: [...r.libraries], starterFiles: e.starterFiles[name] ?? {} }]
      })),
      ...(m.sql !== undefined && {
        sql: {
          tasks: m.sql.tasks.map((task) => ({ file: task.file, title: task.title, kind: task.kind, rules: sqlTaskRules(task, { generated: e.generatedDatasets }) })),
          visibleDataset: e.visibleDataset ?? '',
          statementTimeoutMs: m.sql.statementTimeoutMs ?? SQL_DEFAULTS.statementTimeoutMs,
          maxRows: m.sql.maxRows ?? SQL_DEFAULTS.maxRows
        }
      }),
      limits: tighten(ceilings(app.config), m.limits)
    }
  })
}

export default exercisesRoutes
