import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyBaseLogger, FastifyReply } from 'fastify'
import { Errors } from '../../platform/errors.js'
import { FINAL_STATUSES, type SubmissionEvent } from '../../submission/status-events.js'
import { requireUser, type AuthUser } from '../plugins/auth.js'
import { errorResponses } from '../schemas/common.js'
import { SubmissionParamsSchema } from '../schemas/submissions.js'
import { hiddenName, hideTests } from '../../submission/hidden-tests.js'
import type { ProgressTest } from '../../submission/submissions-repository.js'
import { eventStreams, reserveStream, type EventStream } from '../event-stream.js'
import { hiddenFrom, mayRead, present } from '../submission-access.js'

/**
 * Server-sent events for one submission, so a client shows progress as it happens instead of
 * polling: `status` ({status, attempt, position while queued}) on each change and new attempt, `test` ({n, name,
 * status}) as the grader reports each test, then `result` (the submission, as GET answers it)
 * and the stream ends. A watcher that joins late first gets what the current attempt reported.
 * The protocol is a few lines of text per event, written by hand rather than through a plugin.
 * One account and one client address hold a bounded number open at once (EVENT_STREAMS_PER_USER,
 * EVENT_STREAMS_PER_ADDRESS; then 429): each holds a socket and a listener for minutes.
 */
const submissionEventsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const openStream = eventStreams(app)
  const heartbeatMs = app.config.EVENT_STREAM_HEARTBEAT_MS
  const queuedRefreshMs = app.config.EVENT_STREAM_QUEUED_REFRESH_MS
  /** Longer than any grading's deadline and retries (config SUBMISSION_EVENTS_MAX_MS); a client may reconnect after it. */
  const maxStreamMs = app.config.SUBMISSION_EVENTS_MAX_MS

  app.get('/api/v1/submissions/:id/events', {
    schema: {
      tags: ['submissions'],
      summary: 'Watch a submission being graded (text/event-stream)',
      description: 'Events: status {status, attempt, position?}; test {n, name, status} as each test completes; result (the submission) last. ' +
        'An account and a client address may hold a few streams open at once (429 TOO_MANY_STREAMS beyond them).',
      params: SubmissionParamsSchema,
      produces: ['text/event-stream'],
      response: { 200: Type.String({ description: 'An event stream' }), ...errorResponses }
    }
  }, async (request, reply) => {
    const user = requireUser(request)
    // Counted before anything else is done for the stream, and given back however it ends.
    const release = reserveStream(app, request, user.id)
    try {
      await watchSubmission(request.params.id, request.log, reply, user)
    } finally {
      release()
    }
  })

  async function watchSubmission (id: string, log: FastifyBaseLogger, reply: FastifyReply, user: AuthUser): Promise<void> {
    const events: SubmissionEvent[] = []
    let live: EventStream | undefined
    // Watch before the first read, so nothing between the two is missed.
    const unwatch = app.statusEvents.watch(id, (event) => { events.push(event); live?.wakeUp() })
    const first = await app.submissions.findById(id).catch((err: unknown) => { unwatch(); throw err })
    if (first === undefined || !await mayRead(app, user, first)) {
      unwatch()
      throw new Errors.SUBMISSION_NOT_FOUND(id)
    }

    const hidden = await hiddenFrom(app, user, first)
    const shown = (test: ProgressTest): ProgressTest => hidden.has(test.name) ? { ...test, name: hiddenName(test.name) } : test

    const stream = openStream(reply)
    live = stream
    /** When the stream last carried anything: proxies end streams that are silent too long. */
    let lastWrite = Date.now()
    const send = (event: string, data: unknown): void => { stream.send(event, data); lastWrite = Date.now() }

    let attempt = -1
    let status = ''
    let position: number | undefined
    let lastTest = 0
    /** Brings the watcher up to date from the row; true once the result is sent. */
    const sync = async (): Promise<boolean> => {
      const submission = await app.submissions.findById(id)
      if (submission === undefined) return true
      if (FINAL_STATUSES.has(submission.status)) {
        send('result', present(hideTests(submission, hidden)))
        return true
      }
      const progress = await app.submissions.progress(id)
      if (progress === undefined) return true
      const place = submission.status === 'queued' ? await app.submissions.queuePosition(id) : undefined
      if (progress.attempt !== attempt || submission.status !== status || place !== position) {
        if (progress.attempt !== attempt) lastTest = 0
        attempt = progress.attempt
        status = submission.status
        position = place
        send('status', { status, attempt, ...(position !== undefined && { position }) })
      }
      for (const test of progress.tests) {
        if (test.n > lastTest) { send('test', shown(test)); lastTest = test.n }
      }
      return false
    }

    const until = Date.now() + maxStreamMs
    try {
      let done = await sync()
      while (!done && stream.open && Date.now() < until) {
        if (events.length === 0) {
          if (status !== 'queued') {
            if (!await stream.idle(heartbeatMs)) stream.comment('still grading')
            continue
          }
          // Others leaving the queue announce nothing here: while queued, the place is read again
          // (one small query); a change of status arrives as an event.
          if (await stream.idle(queuedRefreshMs)) continue
          const place = await app.submissions.queuePosition(id)
          if (place === undefined) {
            done = await sync()
          } else if (place !== position) {
            position = place
            send('status', { status, attempt, position })
          } else if (Date.now() - lastWrite >= heartbeatMs) {
            stream.comment('still queued')
            lastWrite = Date.now()
          }
          continue
        }
        const event = events.shift()
        if (event?.kind === 'test' && event.attempt === attempt && status === 'running') {
          if (event.test.n > lastTest) { send('test', shown(event.test)); lastTest = event.test.n }
        } else {
          done = await sync()
        }
      }
    } catch (err) {
      log.error({ err, submissionId: id }, 'event stream failed')
      send('error', { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side. Read the submission with GET instead.' })
    } finally {
      unwatch()
      stream.close()
    }
  }
}

export default submissionEventsRoutes
