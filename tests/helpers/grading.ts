import type { Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { pino } from 'pino'
import type { Config } from '../../services/platform/config.js'
import type { FileMap } from '../../services/platform/file-tree.js'
import { buildGradingWorker, type GradingWorker } from '../../services/worker/build-worker.js'

/** Starts a real grading worker on the test's own queue and database; closed after the test. */
export async function startWorker (t: Test, config: Config): Promise<GradingWorker> {
  const worker = await buildGradingWorker(config, pino({ level: 'silent' }))
  t.teardown(async () => { await worker.close() })
  return worker
}

export interface SubmissionView {
  id: string
  status: string
  verdict: string | null
  score: number | null
  maxScore: number | null
  message: string | null
  tests: Array<{ name: string, status: string, message?: string, request?: string, expected?: string, actual?: string, curl?: string, durationMs?: number }>
  logTail: string | null
  attempts: number
  timings: Record<string, number>
}

export async function submit (app: FastifyInstance, exercise: string, files: FileMap, runtime?: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/submissions', payload: { exercise, files, ...(runtime !== undefined && { runtime }) } })
  // 200: the same files as an earlier submission of this account, whose result is the answer.
  if (res.statusCode !== 202 && res.statusCode !== 200) throw new Error(`submission refused: ${res.statusCode} ${res.body}`)
  return res.json().id as string
}

/** Waits (long polling, as a client would) until the submission reaches a final status. */
export async function waitForResult (app: FastifyInstance, id: string, timeoutMs = 90_000): Promise<SubmissionView> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const res = await app.inject({ url: `/api/v1/submissions/${id}?wait=30` })
    if (res.statusCode === 503 && Date.now() < until) {
      // SERVICE_BUSY: a loaded host's database pool was full for this read; a client tries again.
      await new Promise((resolve) => setTimeout(resolve, 500))
      continue
    }
    if (res.statusCode !== 200) throw new Error(`reading submission ${id} answered ${res.statusCode}: ${res.body.slice(0, 500)}`)
    const view = res.json() as SubmissionView
    if (!['queued', 'running'].includes(view.status)) return view
    if (Date.now() > until) throw new Error(`submission ${id} still ${view.status} after ${timeoutMs} ms`)
  }
}

export async function grade (app: FastifyInstance, exercise: string, files: FileMap, runtime?: string, timeoutMs?: number): Promise<SubmissionView> {
  return await waitForResult(app, await submit(app, exercise, files, runtime), timeoutMs)
}
