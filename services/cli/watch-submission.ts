import { createParser, type EventSourceMessage } from 'eventsource-parser'
import type { ApiClient } from './api-client.js'
import { renderResult, testMark, type Output, type SubmissionView } from './render.js'

/**
 * Follows a submission over the API's event stream: its status, each test as it completes,
 * then the result. Reconnects (and is brought up to date by the server) if the stream drops.
 */
export async function watchSubmission (client: ApiClient, id: string, out: Output): Promise<SubmissionView> {
  let shownStatus = ''
  let shownTests = 0
  for (let reconnects = 0; ; reconnects++) {
    let result: SubmissionView | undefined
    const res = await client.stream(`/api/v1/submissions/${id}/events`)
    const parser = createParser({
      onEvent (event: EventSourceMessage) {
        const data = JSON.parse(event.data) as Record<string, unknown>
        if (event.event === 'status') {
          const status = String(data.status)
          const attempt = Number(data.attempt)
          if (status === shownStatus && attempt <= 1) return
          shownStatus = status
          if (attempt > 1 && status === 'running') {
            out.line(out.style('yellow', `  … grading again (attempt ${attempt}): the last attempt failed on our side`))
            shownTests = 0
          } else {
            out.line(out.style('gray', status === 'queued' ? '  queued' : '  running'))
          }
        } else if (event.event === 'test') {
          const n = Number(data.n)
          if (n <= shownTests) return
          shownTests = n
          out.line(`  ${testMark(out, String(data.status))} ${String(data.name)}`)
        } else if (event.event === 'result') {
          result = data as unknown as SubmissionView
        } else if (event.event === 'error') {
          out.line(out.style('yellow', `  ${String(data.message)}`))
        }
      }
    })
    const decoder = new TextDecoder()
    for await (const chunk of res.body ?? []) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }))
    if (result !== undefined) {
      // Tests the stream did not show one by one (a late join, or a result without progress).
      if (shownTests === 0) for (const test of result.tests) out.line(`  ${testMark(out, test.status)} ${test.name}`)
      renderResult(out, result, { listPassing: false })
      return result
    }
    if (reconnects >= 5) throw new Error('the event stream kept ending before the result; read it with: backlab status ' + id)
  }
}
