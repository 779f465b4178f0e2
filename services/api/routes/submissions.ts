import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Errors } from '../../platform/errors.js'
import type { Submission } from '../../submission/submissions-repository.js'
import { errorResponses } from '../schemas/common.js'
import {
  CreateSubmissionSchema, SubmissionAcceptedSchema, SubmissionListQuerySchema, SubmissionParamsSchema, SubmissionQuerySchema,
  SubmissionSchema, SubmissionSummarySchema
} from '../schemas/submissions.js'
import { requireUser, seesAllOf } from '../plugins/auth.js'
import { Type } from '@sinclair/typebox'
import { FINAL_STATUSES } from '../../submission/status-events.js'
import { acceptSubmission } from '../accept-submission.js'
import { asSeenBy, mayRead, present } from '../submission-access.js'

const submissionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/v1/submissions', {
    schema: {
      tags: ['submissions'],
      summary: 'Submit a solution for grading',
      description: 'Stores the files and queues them for grading (202); read the Location URL for the result. ' +
        'The same files sent again to the same exercise version answer 200 with the earlier submission.',
      body: CreateSubmissionSchema,
      response: { 200: SubmissionAcceptedSchema, 202: SubmissionAcceptedSchema, ...errorResponses }
    }
  }, async (request, reply) => await acceptSubmission(app, request, reply, request.body, request.body.files))

  app.get('/api/v1/submissions', {
    schema: {
      tags: ['submissions'],
      summary: 'List submissions, newest first',
      description: 'Yours; with ?exercise=<slug>, all of an exercise you maintain (instructors); admins see all. ' +
        'Each page holds `limit`; pass the last id as ?before= for the next.',
      querystring: SubmissionListQuerySchema,
      response: { 200: Type.Array(SubmissionSummarySchema), ...errorResponses }
    }
  }, async (request) => {
    const user = requireUser(request)
    const { exercise, mine, before, limit } = request.query
    const everyone = mine !== true && (user.role === 'admin' || (exercise !== undefined && await seesAllOf(app.users, user, exercise)))
    const rows = await app.submissions.list({
      ...(!everyone && { userId: user.id }),
      ...(exercise !== undefined && { exerciseSlug: exercise }),
      ...(before !== undefined && { before }),
      limit: limit ?? 20
    })
    return rows.map(summary)
  })

  app.get('/api/v1/submissions/:id', {
    schema: {
      tags: ['submissions'],
      summary: 'Read a submission: its status and, once graded, per-test feedback',
      description: 'With ?wait=N the answer is held until the submission is graded or N seconds pass.',
      params: SubmissionParamsSchema,
      querystring: SubmissionQuerySchema,
      response: { 200: SubmissionSchema, ...errorResponses }
    }
  }, async (request) => {
    const user = requireUser(request)
    const { id } = request.params
    const until = Date.now() + (request.query.wait ?? 0) * 1000
    for (;;) {
      // Subscribe before reading, so a status change between the two cannot be missed.
      const change = app.statusEvents.subscribe(id, Math.max(0, until - Date.now()))
      const submission = await app.submissions.findById(id)
      if (submission === undefined || FINAL_STATUSES.has(submission.status) || Date.now() >= until) {
        change.cancel()
        // Another's submission is as absent as one that never existed: ids reveal nothing.
        if (submission === undefined || !await mayRead(app, user, submission)) throw new Errors.SUBMISSION_NOT_FOUND(id)
        return present(await asSeenBy(app, user, submission))
      }
      await change.next
    }
  })
}

/** What a listing shows of each submission: its view without the feedback. */
function summary (s: Submission) {
  const { id, author, exercise, runtime, status, verdict, score, maxScore, createdAt, finishedAt } = present(s)
  // The files stay in the full view: a listing is for choosing one.
  return { id, author, exercise, runtime, status, verdict, score, maxScore, createdAt, finishedAt }
}

export default submissionsRoutes
