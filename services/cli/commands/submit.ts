import picomatch from 'picomatch'
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { usage, type Context } from '../context.js'
import { readSolutionFolder } from '../read-folder.js'
import { exitCodeOf, renderResult, type SubmissionView } from '../render.js'
import { watchSubmission } from '../watch-submission.js'
import { readFolderSettings, type ExerciseDetail } from './exercises.js'

/**
 * Submits a folder: the exercise and runtime come from the arguments, or from the folder that
 * `download` made. Only the files the runtime accepts are sent (the instructions, the dataset
 * and anything else are named and left out), then the grading is followed live.
 */
export async function submit (ctx: Context): Promise<number> {
  // `backlab submit <exercise> <folder>`, or `backlab submit <folder>` (a folder that download
  // made knows its exercise), or `backlab submit` in such a folder.
  const [first, second] = ctx.args
  const onlyFolder = second === undefined && first !== undefined && await isDirectory(first)
  const folder = resolve((onlyFolder ? first : second) ?? '.')
  const settings = await readFolderSettings(folder)
  const slug = (onlyFolder ? undefined : first) ?? settings.exercise ?? usage('which exercise? backlab submit <exercise> [folder]')
  const { body: exercise } = await ctx.client.request<ExerciseDetail>('GET', `/api/v1/exercises/${encodeURIComponent(slug)}`)
  const all = await readSolutionFolder(folder)
  const runtime = ctx.values.runtime ?? settings.runtime ?? guessRuntime(exercise, all)
  const details = exercise.runtimeDetails[runtime] ?? usage(`${slug} cannot be solved in ${runtime}; it accepts: ${exercise.runtimes.join(', ')}`)
  const allowed = picomatch(details.allowedFiles, { dot: false })
  const notSubmitted = new Set(settings.notSubmitted ?? [])
  const accepted = (path: string): boolean => allowed(path) && !notSubmitted.has(path)
  const files = Object.fromEntries(Object.entries(all).filter(([path]) => accepted(path)))
  const left = Object.keys(all).filter((path) => !accepted(path))
  if (Object.keys(files).length === 0) usage(`${folder} has no file a ${runtime} solution of ${slug} may hold (${details.allowedFiles.join(', ')})`)

  ctx.out.line(`Submitting ${Object.keys(files).length} file(s) from ${folder} to ${slug} (${runtime})`)
  if (left.length > 0) ctx.out.line(ctx.out.style('gray', `  not sent: ${left.join(', ')}`))
  const posted = await ctx.client.request<{ id: string, duplicate: boolean }>('POST', '/api/v1/submissions', { exercise: slug, runtime, files })
  if (posted.body.duplicate) ctx.out.line(ctx.out.style('gray', '  the same files as your earlier submission: its result, not graded again'))
  const view = await watchSubmission(ctx.client, posted.body.id, ctx.out)
  ctx.out.line()
  ctx.out.line(ctx.out.style('gray', `submission ${view.id}`))
  return exitCodeOf(view)
}

export async function status (ctx: Context): Promise<number> {
  const [id] = ctx.args
  if (id === undefined) usage('which submission? backlab status <submission id>')
  const { body } = await ctx.client.request<SubmissionView>('GET', `/api/v1/submissions/${encodeURIComponent(id)}`)
  if (body.status === 'queued' || body.status === 'running') return exitCodeOf(await watchSubmission(ctx.client, id, ctx.out))
  renderResult(ctx.out, body, { listPassing: true })
  return exitCodeOf(body)
}

/** A folder with app.py or a Procfile and no server.js is python; otherwise the default. */
function guessRuntime (exercise: ExerciseDetail, files: Record<string, string>): string {
  const python = files['server.js'] === undefined && (files['app.py'] !== undefined || files.Procfile !== undefined)
  if (python && exercise.runtimes.includes('python')) return 'python'
  return exercise.runtimes[0] ?? 'node'
}

async function isDirectory (path: string): Promise<boolean> {
  return await stat(path).then((s) => s.isDirectory(), () => false)
}
