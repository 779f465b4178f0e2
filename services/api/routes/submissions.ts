import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Errors } from '../../platform/errors.js'
import type { Verdict } from '../../submission/result-schema.js'
import type { Submission } from '../../submission/submissions-repository.js'
import { errorResponses } from '../schemas/common.js'
import {
  CreateSubmissionSchema, SubmissionAcceptedSchema, SubmissionListQuerySchema, SubmissionParamsSchema, SubmissionQuerySchema,
  SubmissionSchema, SubmissionSummarySchema
} from '../schemas/submissions.js'
import { requireUser, seesAllOf, type AuthUser } from '../plugins/auth.js'
import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import { FINAL_STATUSES } from '../../submission/status-events.js'
import { hideTests } from '../../submission/hidden-tests.js'
import { acceptSubmission } from '../accept-submission.js'

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

/** Tests the viewer may not see the details of: the exercise's hidden tests, unless they maintain it. */
export async function hiddenFrom (app: FastifyInstance, user: AuthUser, s: Submission): Promise<ReadonlySet<string>> {
  if (await seesAllOf(app.users, user, s.exerciseSlug) || await uploaded(app, user, s)) return new Set()
  return new Set(await app.exercises.hiddenTests(s.exerciseSlug, s.exerciseVersion))
}

/** The submission as this viewer may see it (see hidden-tests.ts). */
export async function asSeenBy (app: FastifyInstance, user: AuthUser, s: Submission): Promise<Submission> {
  return hideTests(s, await hiddenFrom(app, user, s))
}

/** Authors read their own; instructors the submissions to exercises they maintain; admins all. */
export async function mayRead (app: FastifyInstance, user: AuthUser, s: Submission): Promise<boolean> {
  return s.userId === user.id || await seesAllOf(app.users, user, s.exerciseSlug) || await uploaded(app, user, s)
}

/** A package validation's gradings are read by who uploaded the package. */
async function uploaded (app: FastifyInstance, user: AuthUser, s: Submission): Promise<boolean> {
  return s.validationId !== null && await app.validations.uploaderOf(s.validationId) === user.id
}

export function present (s: Submission) {
  return {
    id: s.id,
    author: s.userId === null ? null : { id: s.userId },
    regradeOf: s.regradeOf,
    exercise: { slug: s.exerciseSlug, version: s.exerciseVersion },
    runtime: s.runtime,
    files: s.files,
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

/** What a listing shows of each submission: its view without the feedback. */
function summary (s: Submission) {
  const { id, author, exercise, runtime, status, verdict, score, maxScore, createdAt, finishedAt } = present(s)
  // The files stay in the full view: a listing is for choosing one.
  return { id, author, exercise, runtime, status, verdict, score, maxScore, createdAt, finishedAt }
}

export default submissionsRoutes
