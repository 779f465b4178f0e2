import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Errors } from '../shared/errors.js'
import type { FileMap } from '../shared/exercise/file-tree.js'
import { checkSubmissionFiles } from './submission-files.js'

/**
 * The one way a submission enters Backlab, whether its files came as JSON or as an archive:
 * checked against the exercise, stored, queued, answered 202 with where to read the result.
 */
export async function acceptSubmission (
  app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, slug: string, files: FileMap
): Promise<FastifyReply> {
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
}
