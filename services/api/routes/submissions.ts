import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Errors } from '../../shared/errors.js'
import type { Verdict } from '../../shared/submission/result-schema.js'
import type { Submission } from '../../shared/submission/submissions-repository.js'
import { errorResponses } from '../schemas/common.js'
import { CreateSubmissionSchema, SubmissionAcceptedSchema, SubmissionParamsSchema, SubmissionQuerySchema, SubmissionSchema } from '../schemas/submissions.js'
import { FINAL_STATUSES } from '../../shared/submission/status-events.js'
import { acceptSubmission } from '../accept-submission.js'

const submissionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/v1/submissions', {
    schema: {
      tags: ['submissions'],
      summary: 'Submit a solution for grading',
      description: 'Stores the files and queues them for grading. Poll the Location URL for the result.',
      body: CreateSubmissionSchema,
      response: { 202: SubmissionAcceptedSchema, ...errorResponses }
    }
  }, async (request, reply) => await acceptSubmission(app, request, reply, request.body, request.body.files))

  app.get('/api/v1/submissions/:id', {
    schema: {
      tags: ['submissions'],
      summary: 'Read a submission: its status and, once graded, per-test feedback',
      description: 'With ?wait=N the answer is held until the submission is graded or N seconds pass.',
      params: SubmissionParamsSchema,
      querystring: SubmissionQuerySchema,
      response: { 200: SubmissionSchema, 400: errorResponses[400], 404: errorResponses[404] }
    }
  }, async (request) => {
    const { id } = request.params
    const until = Date.now() + (request.query.wait ?? 0) * 1000
    for (;;) {
      // Subscribe before reading, so a status change between the two cannot be missed.
      const change = app.statusEvents.subscribe(id, Math.max(0, until - Date.now()))
      const submission = await app.submissions.findById(id)
      if (submission === undefined || FINAL_STATUSES.has(submission.status) || Date.now() >= until) {
        change.cancel()
        if (submission === undefined) throw new Errors.SUBMISSION_NOT_FOUND(id)
        return present(submission)
      }
      await change.next
    }
  })
}

function present (s: Submission) {
  return {
    id: s.id,
    exercise: { slug: s.exerciseSlug, version: s.exerciseVersion },
    runtime: s.runtime,
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
