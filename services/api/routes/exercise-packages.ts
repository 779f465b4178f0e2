import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyBaseLogger, FastifyInstance, FastifyReply } from 'fastify'
import { Errors, packageInvalid, withRetryAfter } from '../../platform/errors.js'
import { ExercisePackageError } from '../../exercise/load-package.js'
import { loadUploadedPackage, type UploadedPackage } from '../../exercise-package/uploaded-package.js'
import type { ValidationRefusal, ValidationView } from '../../exercise-package/validations-repository.js'
import { type AuthUser, requireRole, requireUser, seesAllOf } from '../plugins/auth.js'
import { readArchive, type ArchiveLimits } from '../../platform/archive/read-archive.js'
import { errorResponses } from '../schemas/common.js'
import { checkSubmissionFiles } from '../../submission/submission-files.js'
import { eventStreams, reserveStream, type EventStream } from '../event-stream.js'
import { ARCHIVE_TYPES, archiveRefused, UnsupportedArchiveType } from './submission-archives.js'
import type { Config } from '../../platform/config.js'

/**
 * A package carries datasets and several solutions: more room than one solution (config PACKAGE_MAX_*).
 * Not its path length: a package's paths hold a learner's (scenarios/<name>/files/<path>), whose
 * limit is the submission format's, so this one is a format rule, not a capacity to tune.
 */
function packageLimits (config: Config): ArchiveLimits {
  return {
    maxArchiveBytes: config.PACKAGE_MAX_ARCHIVE_BYTES,
    maxTotalBytes: config.PACKAGE_MAX_TOTAL_BYTES,
    maxFiles: config.PACKAGE_MAX_FILES,
    maxFileBytes: config.PACKAGE_MAX_FILE_BYTES,
    maxPathLength: 300
  }
}

const CheckSchema = Type.Object({
  name: Type.String({ examples: ['solution/node passes every test'] }),
  submissionId: Type.String({ format: 'uuid', description: 'The grading behind the check (GET /api/v1/submissions/:id for its full feedback)' }),
  status: Type.Union([Type.Literal('pending'), Type.Literal('pass'), Type.Literal('fail'), Type.Literal('error')]),
  problems: Type.Array(Type.String(), { description: 'What is wrong, naming the test and the file; empty when it passed' })
})
const ValidationSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  exercise: Type.Object({ slug: Type.String(), version: Type.Integer() }),
  publish: Type.Boolean({ description: 'Whether the version is published once every check passes' }),
  status: Type.Union(['running', 'passed', 'published', 'failed', 'error'].map((s) => Type.Literal(s)), {
    description: 'running; passed (validated, not published as asked); published; failed (a check failed: nothing published); ' +
      'error (Backlab could not grade a check: nothing published, validate again)'
  }),
  checks: Type.Array(CheckSchema),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()])
}, { $id: 'PackageValidation', title: 'PackageValidation' })
const ParamsSchema = Type.Object({ id: Type.String({ format: 'uuid' }) })

/**
 * Instructors add and update exercises by uploading a package (the exercises/<slug>/ folder as a
 * .tar.gz or .zip). Its files are checked at once (422 naming every problem); then each check is
 * graded like learners' code: the reference passes in every runtime, the starter fails, every
 * scenario produces its expected results. Only a package whose every check passed is published.
 */
const exercisePackagesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const packageCaps = packageLimits(app.config)
  const heartbeatMs = app.config.EVENT_STREAM_HEARTBEAT_MS
  const maxStreamMs = app.config.PACKAGE_EVENTS_MAX_MS
  app.addContentTypeParser(ARCHIVE_TYPES, { parseAs: 'buffer', bodyLimit: packageCaps.maxArchiveBytes },
    (_request, body, done) => { done(null, body) })
  // The error handler names this limit, and the thing it limits, when a body is larger.
  app.addHook('onRequest', async (request) => { request.bodyLimitFor = { bytes: packageCaps.maxArchiveBytes, what: 'an exercise package' } })
  const openStream = eventStreams(app)

  app.post('/api/v1/exercise-packages', {
    schema: {
      tags: ['exercise packages'],
      summary: 'Validate an exercise package, and publish it if every check passes (instructors)',
      description: 'The body is the package folder as a .tar.gz or .zip (Content-Type application/gzip or application/zip). ' +
        'Answers 422 with every problem of its files, or 202 with the validation, whose checks are graded next. ' +
        'Watch it with GET /api/v1/exercise-packages/:id/events.',
      querystring: Type.Object({
        publish: Type.Boolean({ default: false, description: 'Publish once every check passes; otherwise only validate' })
      }, { additionalProperties: false }),
      response: { 202: ValidationSchema, ...errorResponses }
    }
  }, async (request, reply) => {
    const user = requireRole(request, 'instructor', 'admin')
    if (!Buffer.isBuffer(request.body)) throw new UnsupportedArchiveType(String(request.headers['content-type']))
    const files = await readArchive(request.body, packageCaps).catch(archiveRefused)
    const upload = await loadUploadedPackage(files).catch((err: unknown) => {
      if (err instanceof ExercisePackageError) throw packageInvalid(err.problems)
      throw err
    })
    const learnerProblems = unsubmittable(upload)
    if (learnerProblems.length > 0) throw packageInvalid(learnerProblems)

    const created = await app.validations.create(upload, user.id, {
      publish: request.query.publish,
      maintains: await seesAllOf(app.users, user, upload.pkg.manifest.slug),
      queueCap: app.config.QUEUE_CAP,
      runningPerUser: app.config.PACKAGE_VALIDATIONS_PER_USER
    })
    if ('refused' in created) throw refusal(created.refused, upload)
    const { view } = created
    // Stored first: the reconciler enqueues what the queue missed.
    for (const check of view.checks) {
      await app.gradeQueue.enqueue({ id: check.submissionId, regradeOf: null, validationId: view.id }).catch((err: unknown) => {
        request.log.warn({ err, submissionId: check.submissionId }, 'could not enqueue a validation grading; the reconciler will retry')
      })
    }
    return await reply.code(202).header('location', `/api/v1/exercise-packages/${view.id}`).send(present(view))
  })

  app.get('/api/v1/exercise-packages', {
    schema: {
      tags: ['exercise packages'],
      summary: 'Your package validations, newest first (the last 50)',
      response: { 200: Type.Array(Type.Omit(ValidationSchema, ['checks'])), ...errorResponses }
    }
  }, async (request) => {
    const user = requireRole(request, 'instructor', 'admin')
    return (await app.validations.listByUser(user.id)).map((v) => {
      const { checks: _none, ...rest } = present({ ...v, checks: [], uploadedBy: user.id })
      return rest
    })
  })

  app.get('/api/v1/exercise-packages/:id', {
    schema: {
      tags: ['exercise packages'],
      summary: 'A package validation: each check with what is wrong',
      params: ParamsSchema,
      response: { 200: ValidationSchema, ...errorResponses }
    }
  }, async (request) => present(await readable(app, requireUser(request), request.params.id)))

  app.get('/api/v1/exercise-packages/:id/events', {
    schema: {
      tags: ['exercise packages'],
      summary: 'Watch a package validation (text/event-stream)',
      description: 'Event `validation` (as GET answers it) at once and whenever a check ends; the stream ends after the last.',
      params: ParamsSchema,
      produces: ['text/event-stream'],
      response: { 200: Type.String({ description: 'An event stream' }), ...errorResponses }
    }
  }, async (request, reply) => {
    const user = requireUser(request)
    // One count with the submission streams (event-stream.ts), taken before anything else.
    const release = reserveStream(app, request, user.id)
    try {
      await watchValidation(request.params.id, request.log, reply, user)
    } finally {
      release()
    }
  })

  async function watchValidation (id: string, log: FastifyBaseLogger, reply: FastifyReply, user: AuthUser): Promise<void> {
    let live: EventStream | undefined
    let changed = false
    const onEvent = (): void => { changed = true; live?.wakeUp() }
    // Watch before the first read, so nothing between the two is missed.
    const unwatch = [app.statusEvents.watch(id, onEvent)]
    try {
      await readable(app, user, id)
      for (const s of await app.validations.submissionIds(id)) unwatch.push(app.statusEvents.watch(s, onEvent))
    } catch (err) {
      unwatch.forEach((u) => { u() })
      throw err
    }
    const events = openStream(reply)
    live = events
    const until = Date.now() + maxStreamMs
    let last = ''
    try {
      while (events.open && Date.now() < until) {
        changed = false
        const view = await app.validations.find(id)
        if (view === undefined) break
        const shown = present(view)
        const text = JSON.stringify(shown)
        // Sent when a check has ended since the last event, not on every grader's status change.
        if (text !== last) events.send('validation', shown)
        last = text
        if (view.status !== 'running') break
        if (!changed && !await events.idle(heartbeatMs)) events.comment('still validating')
      }
    } catch (err) {
      log.error({ err, validationId: id }, 'validation event stream failed')
      events.send('error', { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side. Read the validation with GET instead.' })
    } finally {
      unwatch.forEach((u) => { u() })
      events.close()
    }
  }
}

/** Its uploader, the exercise's maintainers and admins read a validation; others get a 404. */
async function readable (app: FastifyInstance, user: AuthUser, id: string): Promise<ValidationView> {
  const view = await app.validations.find(id)
  if (view === undefined || (view.uploadedBy !== user.id && !await seesAllOf(app.users, user, view.slug))) {
    throw new Errors.VALIDATION_NOT_FOUND(id)
  }
  return view
}

/** Every grading is submitted as a learner's would be: what a learner could not send, neither can a package. */
function unsubmittable ({ pkg, material }: UploadedPackage): string[] {
  const problems: string[] = []
  const attempt = (folder: string, files: Record<string, string>, runtime: typeof pkg.manifest.runtimes[number]): void => {
    try {
      checkSubmissionFiles(files, pkg.manifest, runtime)
    } catch (err) {
      problems.push(`${folder}: a learner could not submit this (${(err as Error).message})`)
    }
  }
  for (const runtime of pkg.manifest.runtimes) {
    attempt(`solution/${runtime}/`, material.solutions[runtime] ?? {}, runtime)
    attempt(`starter/${runtime}/`, pkg.starterFiles[runtime] ?? {}, runtime)
  }
  for (const s of material.scenarios) attempt(`scenarios/${s.name}/files/`, s.files, s.expected.runtime)
  for (const a of material.alternatives) attempt(`alternatives/${a.name}/files/`, a.files, a.runtime)
  return problems
}

function refusal (r: ValidationRefusal, { pkg }: UploadedPackage): Error {
  const { slug, version } = pkg.manifest
  switch (r.kind) {
    case 'running': return new Errors.VALIDATION_RUNNING(slug, r.validationId)
    case 'not-newer': return new Errors.VERSION_NOT_NEWER(slug, String(r.published), String(r.published + 1))
    case 'published-differs': return new Errors.VERSION_PUBLISHED(String(version), slug, String(r.published + 1))
    case 'already-published': return new Errors.ALREADY_PUBLISHED(String(version), slug)
    case 'queue-full': return withRetryAfter(new Errors.QUEUE_FULL(String(r.pending), '30'), 30)
    case 'not-yours': return new Errors.FORBIDDEN(`${slug} is another instructor's exercise and you do not maintain it; ` +
      'an admin can make you a maintainer, or choose another slug.')
    case 'too-many-running': return withRetryAfter(new Errors.TOO_MANY_VALIDATIONS(String(r.running)), 30)
  }
}

function present (v: ValidationView) {
  return {
    id: v.id,
    exercise: { slug: v.slug, version: v.version },
    publish: v.publish,
    status: v.status,
    checks: v.checks,
    createdAt: v.createdAt.toISOString(),
    finishedAt: v.finishedAt?.toISOString() ?? null
  }
}

export default exercisePackagesRoutes
