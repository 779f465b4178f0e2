import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { Errors, withRetryAfter } from '../../platform/errors.js'
import { admitRegrades } from '../../submission/regrade-admission.js'
import { requireMaintainer, requireRole, type AuthUser } from '../plugins/auth.js'
import { errorResponses } from '../schemas/common.js'
import { SlugParamsSchema } from '../schemas/exercises.js'
import { SubmissionParamsSchema } from '../schemas/submissions.js'
import { mayRead } from '../submission-access.js'

const RegradedSchema = Type.Object({
  exercise: Type.String(),
  version: Type.Integer({ description: 'The exercise version the new submissions are graded against (its latest)' }),
  submissions: Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), regradeOf: Type.String({ format: 'uuid' }) })),
  remaining: Type.Integer({
    minimum: 0,
    description: 'Submissions not queued this time: your re-grades waiting (REGRADES_QUEUED_PER_USER) or the queue were full. ' +
      'Call again later; a whole-exercise re-grade queues only what has not been re-graded yet'
  })
})

/**
 * Re-grading, for an exercise's maintainers and admins: against the exercise's latest version, as
 * new submissions (the learner's own, pointing at the ones they re-grade), so no old grade ever
 * changes. They are queued behind learners' submissions, and count against whoever asked for them:
 * a limit of re-grades waiting per requester (429), and at most half of QUEUE_CAP (503), so an
 * instructor's re-grades never use up a learner's own limits nor lock learners out of the queue.
 */
const regradesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/v1/submissions/:id/regrade', {
    schema: {
      tags: ['instructors'],
      summary: "Grade a submission again against its exercise's latest version (maintainers and admins)",
      params: SubmissionParamsSchema,
      response: { 202: RegradedSchema, ...errorResponses }
    }
  }, async (request, reply) => {
    const user = requireRole(request, 'instructor', 'admin')
    const original = await app.submissions.findById(request.params.id)
    if (original === undefined || !await mayRead(app, user, original)) throw new Errors.SUBMISSION_NOT_FOUND(request.params.id)
    await requireMaintainer(request, app.users, original.exerciseSlug)
    if (original.validationId !== null) throw new Errors.NOT_REGRADABLE(original.id)
    return await reply.code(202).send(await regrade(app, user, original.exerciseSlug, [original.id]))
  })

  app.post('/api/v1/exercises/:slug/regrade', {
    schema: {
      tags: ['instructors'],
      summary: "Grade every graded submission of older versions again against the exercise's latest version (maintainers and admins)",
      description: 'Each submission is re-graded once per version: calling this again queues only what is new.',
      params: SlugParamsSchema,
      response: { 202: RegradedSchema, ...errorResponses }
    }
  }, async (request, reply) => {
    const user = await requireMaintainer(request, app.users, request.params.slug)
    return await reply.code(202).send(await regrade(app, user, request.params.slug))
  })
}

async function regrade (app: FastifyInstance, user: AuthUser, slug: string, ids?: string[]) {
  const latest = await app.exercises.findLatest(slug)
  if (latest === undefined) throw new Errors.EXERCISE_NOT_FOUND(slug)
  const admission = await admitRegrades(app.pg, { requestedBy: user.id, slug, version: latest.version, ids },
    { queuedPerUser: app.config.REGRADES_QUEUED_PER_USER, queueCap: app.config.QUEUE_CAP })
  switch (admission.kind) {
    case 'too-many-queued':
      throw withRetryAfter(new Errors.TOO_MANY_REGRADES(admission.count, admission.retryAfterSeconds), admission.retryAfterSeconds)
    case 'queue-full':
      app.log.warn({ pending: admission.count }, 'queue half full; refusing re-grades')
      throw withRetryAfter(new Errors.QUEUE_FULL(admission.count, admission.retryAfterSeconds), admission.retryAfterSeconds)
    case 'created':
      break
  }
  for (const s of admission.submissions) {
    // Stored first: the reconciler enqueues what the queue missed (at the same low priority).
    await app.gradeQueue.enqueue({ ...s, validationId: null }).catch((err: unknown) => {
      app.log.warn({ err, submissionId: s.id }, 'could not enqueue a re-grade; the reconciler will retry')
    })
  }
  return { exercise: slug, version: latest.version, submissions: admission.submissions, remaining: admission.remaining }
}

export default regradesRoutes
