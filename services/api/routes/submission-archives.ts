import { Type } from '@sinclair/typebox'
import createError from '@fastify/error'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { SLUG_PATTERN } from '../../exercise/manifest-schema.js'
import { RuntimeSchema } from '../schemas/exercises.js'
import { acceptSubmission } from '../accept-submission.js'
import { ArchiveRejected, DEFAULT_ARCHIVE_LIMITS, readArchive } from '../../platform/archive/read-archive.js'
import { errorResponses } from '../schemas/common.js'
import { SubmissionAcceptedSchema } from '../schemas/submissions.js'

export const ARCHIVE_TYPES = ['application/gzip', 'application/x-gzip', 'application/x-tar+gzip', 'application/zip', 'application/octet-stream']
const SIZE_RULES = new Set(['archive-too-large', 'total-too-large', 'file-too-large'])
export const UnsupportedArchiveType = createError('UNSUPPORTED_MEDIA_TYPE',
  "Content-Type '%s' is not an archive; send the .tar.gz or .zip with Content-Type application/gzip or application/zip.", 415)

/** An archive the reader refused, as a 4xx whose code names the rule it broke. */
export function archiveRefused (err: unknown): never {
  if (!(err instanceof ArchiveRejected)) throw err
  // The code names the rule, e.g. ARCHIVE_SYMLINK, ARCHIVE_PARENT_PATH, ARCHIVE_TOTAL_TOO_LARGE.
  const code = `ARCHIVE_${err.rule.toUpperCase().replaceAll('-', '_')}`
  throw new (createError(code, 'Archive refused: %s', SIZE_RULES.has(err.rule) ? 413 : 400))(err.message)
}

/** An archive is sent as the raw request body; the route reads it in memory, never on disk. */
const submissionArchivesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addContentTypeParser(ARCHIVE_TYPES, { parseAs: 'buffer', bodyLimit: DEFAULT_ARCHIVE_LIMITS.maxArchiveBytes },
    (_request, body, done) => { done(null, body) })

  app.post('/api/v1/submissions/archive', {
    schema: {
      tags: ['submissions'],
      summary: 'Submit a solution folder as a .tar.gz or .zip archive',
      description: 'The body is the archive itself (Content-Type application/gzip or application/zip). ' +
        'Symlinks, hard links, devices, absolute or .. paths, duplicates and oversized or non-text files are refused.',
      querystring: Type.Object({
        exercise: Type.String({ pattern: SLUG_PATTERN, maxLength: 64 }),
        runtime: Type.Optional(RuntimeSchema)
      }, { additionalProperties: false }),
      response: { 200: SubmissionAcceptedSchema, 202: SubmissionAcceptedSchema, ...errorResponses }
    }
  }, async (request, reply) => {
    // JSON and text bodies have parsers of their own; only the archive types arrive as bytes.
    if (!Buffer.isBuffer(request.body)) throw new UnsupportedArchiveType(String(request.headers['content-type']))
    const files = await readArchive(request.body).catch(archiveRefused)
    return await acceptSubmission(app, request, reply, request.query, files)
  })
}

export default submissionArchivesRoutes
