import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { createParser, type EventSourceMessage } from 'eventsource-parser'
import { packFilesGzipped } from '../../platform/tar-files.js'
import { ApiError, type ApiClient } from '../api-client.js'
import { usage, type Context } from '../context.js'
import { readSolutionFolder } from '../read-folder.js'
import type { Output } from '../render.js'

interface Check { name: string, submissionId: string, status: 'pending' | 'pass' | 'fail' | 'error', problems: string[] }
export interface ValidationView {
  id: string
  exercise: { slug: string, version: number }
  publish: boolean
  status: 'running' | 'passed' | 'published' | 'failed' | 'error'
  checks: Check[]
}

/** `backlab validate <folder>`: proves an exercise package on a running Backlab, publishing nothing. */
export async function validatePackage (ctx: Context): Promise<number> {
  return await uploadPackage(ctx, false)
}

/** `backlab publish <folder>`: the same, and the version is published if every check passed. */
export async function publishPackage (ctx: Context): Promise<number> {
  return await uploadPackage(ctx, true)
}

/**
 * Packs the folder (without dot-files, dependencies or caches), uploads it, and follows the
 * checks as they are graded. Exit 0: every check passed (and, for publish, it is published);
 * 1: the package has problems, listed; 2: anything else.
 */
async function uploadPackage (ctx: Context, publish: boolean): Promise<number> {
  const folder = resolve(ctx.args[0] ?? '.')
  if (!await stat(folder).then((s) => s.isDirectory(), () => false)) usage(`${folder} is not a folder. backlab ${publish ? 'publish' : 'validate'} <package folder>`)
  const skipped: string[] = []
  const files = await readSolutionFolder(folder, skipped)
  if (files['exercise.json'] === undefined) usage(`${folder} has no exercise.json: give the folder of one exercise package (see exercises/README.md)`)
  const archive = await packFilesGzipped(files)
  ctx.out.line(`${publish ? 'Publishing' : 'Validating'} ${folder} (${Object.keys(files).length} files, ${Math.ceil(archive.length / 1024)} KB)`)
  if (skipped.length > 0) ctx.out.line(ctx.out.style('gray', `  not sent (dot-files, dependencies, caches): ${skipped.join(', ')}`))

  let started: ValidationView
  try {
    started = (await ctx.client.upload<ValidationView>(`/api/v1/exercise-packages?publish=${String(publish)}`, archive, 'application/gzip')).body
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 'PACKAGE_INVALID' || err.problems === undefined) throw err
    ctx.out.line()
    ctx.out.line(ctx.out.style(['bold', 'red'], `Refused: ${err.problems.length} problem(s) in the package's files; nothing was stored`))
    for (const problem of err.problems) ctx.out.line(`  ${ctx.out.style('red', '✘')} ${problem}`)
    return 1
  }
  const { slug, version } = started.exercise
  ctx.out.line(`  ${started.checks.length} checks of ${slug} version ${version}, graded like learners' submissions:`)
  const report = await watchValidation(ctx.client, started.id, ctx.out)
  ctx.out.line()
  const failed = report.checks.filter((c) => c.status === 'fail').length
  const notGraded = report.checks.filter((c) => c.status === 'error').length
  switch (report.status) {
    case 'published':
      ctx.out.line(ctx.out.style(['bold', 'green'], `Published ${slug} version ${version}: all ${report.checks.length} checks passed`))
      break
    case 'passed':
      ctx.out.line(ctx.out.style(['bold', 'green'], `Valid: all ${report.checks.length} checks passed (not published; backlab publish ${ctx.args[0] ?? '.'} does)`))
      break
    case 'failed':
      ctx.out.line(ctx.out.style(['bold', 'red'], `Failed: ${failed} of ${report.checks.length} checks failed${notGraded > 0 ? `, ${notGraded} not graded` : ''}; nothing was published`))
      break
    default:
      ctx.out.line(ctx.out.style(['bold', 'yellow'], `Not finished: Backlab could not grade ${notGraded} check(s); nothing was published. Try again.`))
  }
  ctx.out.line(ctx.out.style('gray', `validation ${report.id}`))
  return report.status === 'published' || report.status === 'passed' ? 0 : report.status === 'failed' ? 1 : 2
}

/** Follows the validation's event stream, printing each check as it ends, until the report. */
async function watchValidation (client: ApiClient, id: string, out: Output): Promise<ValidationView> {
  const shown = new Set<string>()
  for (let reconnects = 0; ; reconnects++) {
    let last: ValidationView | undefined
    const res = await client.stream(`/api/v1/exercise-packages/${id}/events`)
    const parser = createParser({
      onEvent (event: EventSourceMessage) {
        if (event.event === 'error') out.line(out.style('yellow', `  ${String((JSON.parse(event.data) as { message?: string }).message)}`))
        if (event.event !== 'validation') return
        last = JSON.parse(event.data) as ValidationView
        for (const check of last.checks) {
          if (check.status === 'pending' || shown.has(check.submissionId)) continue
          shown.add(check.submissionId)
          const mark = { pass: out.style('green', '✔'), fail: out.style('red', '✘'), error: out.style('yellow', '!') }[check.status]
          out.line(`  ${mark} ${check.name}`)
          for (const problem of check.problems) out.line(`      ${problem}`)
        }
      }
    })
    const decoder = new TextDecoder()
    for await (const chunk of res.body ?? []) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }))
    const final: ValidationView | undefined = last
    if (final !== undefined && final.status !== 'running') return final
    if (reconnects >= 5) throw new Error(`the event stream kept ending before the report; read it with GET /api/v1/exercise-packages/${id}`)
  }
}
