import picomatch from 'picomatch'
import { Errors } from '../platform/errors.js'
import type { FileMap } from '../platform/file-tree.js'
import type { Manifest } from '../exercise/manifest-schema.js'
import { isServerRuntime, missingEntry, RUNTIMES, type RuntimeName } from '../exercise/runtimes.js'
import { sqlFilesProblem } from '../exercise/sql-tasks.js'
import { nameProblem, visible } from '../platform/text-rules.js'

export const MAX_PATH_LENGTH = 200

/**
 * Checks a submitted file map against the exercise before anything is stored, and throws the
 * first problem as a 400 that names the file and says what to change.
 */
export function checkSubmissionFiles (files: FileMap, manifest: Manifest, runtime: RuntimeName): void {
  const slug = manifest.slug
  const allowed = RUNTIMES[runtime].allowed
  const isAllowed = picomatch([...allowed], { dot: false })
  for (const path of Object.keys(files)) {
    if (path.length > MAX_PATH_LENGTH) {
      throw new Errors.PATH_TOO_LONG(`File path '${printable(path.slice(0, 40))}…' is ${path.length} characters long; ` +
        `paths may be at most ${MAX_PATH_LENGTH}.`)
    }
    const problem = pathProblem(path)
    if (problem !== undefined) throw new Errors.INVALID_FILE_PATH(`File path '${printable(path)}' ${problem}`)
    if (!isAllowed(path)) {
      throw new Errors.FILE_NOT_ALLOWED(`File '${path}' is not part of a ${slug} solution in ${runtime}. ` +
        `Allowed paths: ${allowed.join(', ')}.`)
    }
  }
  if (isServerRuntime(runtime)) {
    const missing = missingEntry(runtime, files)
    if (missing !== undefined) throw new Errors.REQUIRED_FILE_MISSING(missing)
  } else if (manifest.sql !== undefined) {
    const problem = sqlFilesProblem(manifest.sql, files)
    if (problem !== undefined) throw new Errors.FILE_NOT_ALLOWED(problem)
  }
}

function pathProblem (path: string): string | undefined {
  if (path.length === 0) return 'is empty; give each file a relative path such as server.js.'
  // Control characters, bidi controls, invisible characters and look-alikes: a name must display as what it is.
  const shown = nameProblem(path)
  if (shown !== undefined) return shown
  if (path.includes('\\')) return "contains a backslash; use '/' between folders."
  if (path.startsWith('/') || /^[a-zA-Z]:/.test(path)) {
    return 'is absolute; use a path relative to your solution folder, such as server.js.'
  }
  const segments = path.split('/')
  if (segments.includes('..')) return "contains '..'; every file must stay inside your solution folder."
  if (segments.some((s) => s === '' || s === '.')) return "has an empty or '.' segment; write it like src/app.js."
  return undefined
}

/** A path as a message shows it: quotes, control and invisible characters escaped, so it shows what it is. */
function printable (path: string): string {
  return visible(path)
}
