import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Errors } from '../../shared/errors.js'
import { RUNTIMES } from '../../shared/exercise/runtimes.js'
import { SQL_DEFAULTS, sqlTaskRules } from '../../shared/exercise/sql-tasks.js'
import { ceilings, tighten } from '../../shared/sandbox-limits.js'
import { errorResponses } from '../schemas/common.js'
import { ExerciseDetailSchema, ExerciseListSchema, ExerciseStatsSchema, SlugParamsSchema, StatsQuerySchema } from '../schemas/exercises.js'
import { exerciseStats } from '../../shared/submission/exercise-stats.js'
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


  app.get('/api/v1/exercises', {
    schema: { tags: ['exercises'], summary: 'List the exercises', response: { 200: ExerciseListSchema } }
  }, async () => {
    const list = await app.exercises.listLatest()
    return {
      exercises: list.map((e) => ({ slug: e.slug, version: e.version, title: e.title, summary: e.summary, track: e.track, runtimes: e.manifest.runtimes }))
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
          tasks: m.sql.tasks.map((task) => ({ file: task.file, title: task.title, kind: task.kind, rules: sqlTaskRules(task) })),
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
