import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Errors, withRetryAfter } from '../platform/errors.js'
import type { FileMap } from '../platform/file-tree.js'
import type { RuntimeName } from '../exercise/runtimes.js'
import { requireUser } from './plugins/auth.js'
import { checkSubmissionFiles } from '../submission/submission-files.js'

/**
 * The one way a submission enters Backlab, whether its files came as JSON or as an archive:
 * checked against the exercise, admitted under its author's limits, stored, queued, answered
 * 202 with where to read the result. The same files sent again to the same exercise version
 * are not graded again: the answer is 200 with the earlier submission.
 */
export async function acceptSubmission (
  app: FastifyInstance, request: FastifyRequest, reply: FastifyReply,
  target: { exercise: string, runtime?: RuntimeName | undefined }, files: FileMap
): Promise<FastifyReply> {
  const user = requireUser(request)
  const slug = target.exercise
  const exercise = await app.exercises.findLatest(slug)
  if (exercise === undefined) throw new Errors.EXERCISE_NOT_FOUND(slug)
  const accepted = exercise.manifest.runtimes
  // The exercise's first runtime is the default, so clients written before runtimes still work.
  const runtime = target.runtime ?? accepted[0] as RuntimeName
  if (!accepted.includes(runtime)) throw new Errors.RUNTIME_NOT_ACCEPTED(slug, runtime, accepted.join(', '))
  checkSubmissionFiles(files, exercise.manifest, runtime)

  const admission = await app.submissions.admit(
    { id: randomUUID(), userId: user.id, exerciseSlug: slug, exerciseVersion: exercise.version, runtime, files },
    { perMinute: app.config.SUBMISSIONS_PER_MINUTE, queuedPerUser: app.config.SUBMISSIONS_QUEUED_PER_USER, queueCap: app.config.QUEUE_CAP }
  )
  switch (admission.kind) {
    case 'rate-limited':
      throw withRetryAfter(new Errors.RATE_LIMITED(admission.count, Math.ceil(admission.retryAfterSeconds)), admission.retryAfterSeconds)
    case 'too-many-queued':
      throw withRetryAfter(new Errors.TOO_MANY_QUEUED(admission.count, admission.retryAfterSeconds), admission.retryAfterSeconds)
    case 'queue-full':
      request.log.warn({ pending: admission.count }, 'queue cap reached; refusing submissions')
      throw withRetryAfter(new Errors.QUEUE_FULL(admission.count, admission.retryAfterSeconds), admission.retryAfterSeconds)
    case 'duplicate':
      return await reply.code(200).header('location', `/api/v1/submissions/${admission.submission.id}`)
        .send({ id: admission.submission.id, status: admission.submission.status, duplicate: true })
    case 'created':
      break
  }
  const submission = admission.submission
  try {
    // Accounts take turns (grade-queue.ts): behind this author's earlier ones, not behind everyone's.
    await app.gradeQueue.enqueue(submission, { ahead: admission.ahead })
  } catch (err) {
    // The submission is safe in Postgres; the worker's reconciler enqueues it once Redis is back.
    request.log.warn({ err, submissionId: submission.id }, 'could not enqueue; the reconciler will retry')
  }
  return await reply.code(202).header('location', `/api/v1/submissions/${submission.id}`)
    .send({ id: submission.id, status: 'queued' as const, duplicate: false })
}
