import { randomUUID } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Errors } from '../../shared/errors.js'
import type { Verdict } from '../../shared/submission/result-schema.js'
import type { Submission } from '../../shared/submission/submissions-repository.js'
import { errorResponses } from '../schemas/common.js'
import { CreateSubmissionSchema, SubmissionAcceptedSchema, SubmissionParamsSchema, SubmissionSchema } from '../schemas/submissions.js'
import { checkSubmissionFiles } from '../submission-files.js'

const submissionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/v1/submissions', {
    schema: {
      tags: ['submissions'],
      summary: 'Submit a solution for grading',
      description: 'Stores the files and queues them for grading. Poll the Location URL for the result.',
      body: CreateSubmissionSchema,
      response: { 202: SubmissionAcceptedSchema, ...errorResponses }
    }
  }, async (request, reply) => {
    const { exercise: slug, files } = request.body
    const exercise = await app.exercises.findLatest(slug)
    if (exercise === undefined) throw new Errors.EXERCISE_NOT_FOUND(slug)
    checkSubmissionFiles(files, exercise.manifest)

    const submission = await app.submissions.create({ id: randomUUID(), exerciseSlug: slug, exerciseVersion: exercise.version, files })
    try {
      await app.gradeQueue.enqueue(submission.id)
    } catch (err) {
      // The submission is safe in Postgres; the worker's reconciler enqueues it once Redis is back.
      request.log.warn({ err, submissionId: submission.id }, 'could not enqueue; the reconciler will retry')
    }
    return await reply.code(202).header('location', `/api/v1/submissions/${submission.id}`)
      .send({ id: submission.id, status: 'queued' as const })
  })

  app.get('/api/v1/submissions/:id', {
    schema: {
      tags: ['submissions'],
      summary: 'Read a submission: its status and, once graded, per-test feedback',
      params: SubmissionParamsSchema,
      response: { 200: SubmissionSchema, 400: errorResponses[400], 404: errorResponses[404] }
    }
  }, async (request) => {
    const submission = await app.submissions.findById(request.params.id)
    if (submission === undefined) throw new Errors.SUBMISSION_NOT_FOUND(request.params.id)
    return present(submission)
  })
}

function present (s: Submission) {
  return {
    id: s.id,
    exercise: { slug: s.exerciseSlug, version: s.exerciseVersion },
    status: s.status,
    verdict: s.verdict as Verdict | null,
    score: s.score,
    maxScore: s.maxScore,
    message: s.message,
    tests: s.tests,
    logTail: s.logTail,
    attempts: s.attempts,
    timings: s.timings,
    createdAt: s.createdAt.toISOString(),
    startedAt: s.startedAt?.toISOString() ?? null,
    finishedAt: s.finishedAt?.toISOString() ?? null
  }
}

export default submissionsRoutes
