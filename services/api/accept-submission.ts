import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Errors } from '../shared/errors.js'
import type { FileMap } from '../shared/exercise/file-tree.js'
import type { RuntimeName } from '../shared/exercise/runtimes.js'
import { checkSubmissionFiles } from './submission-files.js'

/**
 * The one way a submission enters Backlab, whether its files came as JSON or as an archive:
 * checked against the exercise, stored, queued, answered 202 with where to read the result.
 */
export async function acceptSubmission (
  app: FastifyInstance, request: FastifyRequest, reply: FastifyReply,
  target: { exercise: string, runtime?: RuntimeName | undefined }, files: FileMap
): Promise<FastifyReply> {
  const slug = target.exercise
  const exercise = await app.exercises.findLatest(slug)
  if (exercise === undefined) throw new Errors.EXERCISE_NOT_FOUND(slug)
  const accepted = exercise.manifest.runtimes
  // The exercise's first runtime is the default, so clients written before runtimes still work.
  const runtime = target.runtime ?? accepted[0] as RuntimeName
  if (!accepted.includes(runtime)) throw new Errors.RUNTIME_NOT_ACCEPTED(slug, runtime, accepted.join(', '))
  checkSubmissionFiles(files, exercise.manifest, runtime)

  const submission = await app.submissions.create({
    id: randomUUID(), exerciseSlug: slug, exerciseVersion: exercise.version, runtime, files
  })
  try {
    await app.gradeQueue.enqueue(submission.id)
  } catch (err) {
    // The submission is safe in Postgres; the worker's reconciler enqueues it once Redis is back.
    request.log.warn({ err, submissionId: submission.id }, 'could not enqueue; the reconciler will retry')
  }
  return await reply.code(202).header('location', `/api/v1/submissions/${submission.id}`)
    .send({ id: submission.id, status: 'queued' as const })
}
