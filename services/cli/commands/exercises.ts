import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { usage, type Context } from '../context.js'

export interface ExerciseDetail {
  slug: string
  version: number
  title: string
  runtimes: string[]
  instructions: string
  runtimeDetails: Record<string, { allowedFiles: string[], starterFiles: Record<string, string> }>
  sql?: { visibleDataset: string }
}

/** Written by `download` into the folder, so `submit` there knows the exercise and runtime. */
export const FOLDER_FILE = '.backlab.json'

export interface FolderSettings {
  exercise?: string
  runtime?: string
  /** What download wrote for the learner to read, never part of a submission. */
  notSubmitted?: string[]
}

export async function readFolderSettings (folder: string): Promise<FolderSettings> {
  const text = await readFile(join(folder, FOLDER_FILE), 'utf8').catch(() => undefined)
  return text === undefined ? {} : JSON.parse(text) as FolderSettings
}

export async function listExercises (ctx: Context): Promise<number> {
  const { body } = await ctx.client.request<{ exercises: Array<{ slug: string, title: string, track: string, runtimes: string[] }> }>('GET', '/api/v1/exercises')
  const width = Math.max(...body.exercises.map((e) => e.slug.length))
  for (const e of body.exercises) {
    ctx.out.line(`${e.slug.padEnd(width)}  ${ctx.out.style('gray', e.track.padEnd(6))}  ${e.title}  ${ctx.out.style('gray', `(${e.runtimes.join(', ')})`)}`)
  }
  ctx.out.line()
  ctx.out.line('Start one with: backlab download <exercise>')
  return 0
}

export async function download (ctx: Context): Promise<number> {
  const [slug, target] = ctx.args
  if (slug === undefined) usage('which exercise? backlab download <exercise> [folder]')
  const { body: exercise } = await ctx.client.request<ExerciseDetail>('GET', `/api/v1/exercises/${encodeURIComponent(slug)}`)
  const runtime = ctx.values.runtime ?? exercise.runtimes[0] ?? usage('the exercise has no runtime')
  const details = exercise.runtimeDetails[runtime] ?? usage(`${slug} cannot be solved in ${runtime}; it accepts: ${exercise.runtimes.join(', ')}`)
  const folder = resolve(target ?? slug)
  const reading: Record<string, string> = {
    'INSTRUCTIONS.md': exercise.instructions,
    ...(exercise.sql !== undefined && { 'visible-dataset.sql': exercise.sql.visibleDataset })
  }
  const settings = { exercise: slug, runtime, version: exercise.version, notSubmitted: Object.keys(reading) }
  const files: Record<string, string> = {
    ...details.starterFiles,
    ...reading,
    [FOLDER_FILE]: `${JSON.stringify(settings, null, 2)}\n`
  }
  const existing = (await Promise.all(Object.keys(files).map(async (p) => await stat(join(folder, p)).then(() => p, () => undefined))))
    .filter((p): p is string => p !== undefined && p !== FOLDER_FILE)
  if (existing.length > 0 && !ctx.values.force) {
    usage(`${folder} already has ${existing.join(', ')}; your work is not overwritten (--force to replace them)`)
  }
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(folder, path)), { recursive: true })
    await writeFile(join(folder, path), content)
  }
  ctx.out.line(`${exercise.title} (${runtime}) is in ${folder}: read INSTRUCTIONS.md, then submit it with:`)
  ctx.out.line(`  backlab submit ${target ?? slug}`)
  return 0
}
