import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { FileMap } from '../platform/file-tree.js'
import { ExercisePackageError, loadExercisePackage, type ExercisePackage } from '../exercise/load-package.js'
import { SLUG_PATTERN } from '../exercise/manifest-schema.js'
import { readValidationMaterial, type ValidationMaterial } from './validation-material.js'
import { fieldPath, findUnstorable, lineColumn, visible } from '../platform/text-rules.js'

export interface UploadedPackage {
  pkg: ExercisePackage
  material: ValidationMaterial
}

/**
 * Checks an uploaded package's files the way `exercises/` is checked at boot, plus what proving
 * it needs (solutions, scenarios), and throws ExercisePackageError listing every defect. The
 * files are written to a private temporary folder for the loader; their paths were already
 * checked by the archive reader (relative, no '..', no links), so nothing lands outside it.
 */
export async function loadUploadedPackage (files: FileMap): Promise<UploadedPackage> {
  const root = await mkdtemp(join(tmpdir(), 'backlab-package-'))
  try {
    // The loader wants the folder named after the slug; a bad slug is reported by the schema.
    const dir = join(root, slugOf(files['exercise.json']) ?? 'package')
    const problems: string[] = []
    for (const [path, text] of Object.entries(files)) {
      const unstorable = KEPT_JSON.test(path) ? unstorableJson(path, text) : undefined
      if (unstorable !== undefined) problems.push(unstorable)
      try {
        await mkdir(dirname(join(dir, path)), { recursive: true })
        await writeFile(join(dir, path), text)
      } catch (err) {
        // The reader checked the paths; what is left is what a file system refuses, e.g. a name over 255 bytes.
        problems.push(`${path}: cannot be stored as a file (${(err as NodeJS.ErrnoException).code ?? 'refused'}); rename it`)
      }
    }
    if (problems.length > 0) throw new ExercisePackageError('the package', problems)
    await mkdir(dir, { recursive: true })
    let pkg: ExercisePackage | undefined
    let manifest
    try {
      pkg = await loadExercisePackage(dir)
      manifest = pkg.manifest
    } catch (err) {
      if (!(err instanceof ExercisePackageError)) throw err
      problems.push(...err.problems)
      manifest = err.manifest
    }
    if (manifest === undefined) throw new ExercisePackageError('the package', problems)
    const material = await readValidationMaterial(dir, manifest, problems)
    if (pkg === undefined || problems.length > 0) throw new ExercisePackageError('the package', problems, manifest)
    return { pkg, material }
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

/**
 * The package's JSON files that the platform parses and stores (the manifest, the rule map, each
 * scenario's expected results, each alternative's description). The archive reader let no raw NUL
 * or lone surrogate through, but a JSON escape (\u0000, \ud800) becomes one once parsed, which
 * PostgreSQL cannot store. Other .json files (a solution's package.json) are kept as text, where
 * an escape is just six characters.
 */
const KEPT_JSON = /^(exercise\.json|rules\.json|scenarios\/[^/]+\/expected\.json|alternatives\/[^/]+\/alternative\.json)$/

/** The problem with a kept JSON file whose parsed strings PostgreSQL cannot store: file, field, line and column. */
function unstorableJson (path: string, text: string): string | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined // the loader says what is wrong with it
  }
  const found = findUnstorable(value)
  if (found === undefined) return undefined
  const field = (keys: ReadonlyArray<string | number>): string => fieldPath('', keys).replace(/^\./, '')
  const where = found.inKey
    ? `the field name '${visible(found.text)}'${found.path.length > 1 ? ` in ${field(found.path.slice(0, -1))}` : ''}`
    : found.path.length === 0 ? 'the file' : field(found.path)
  const escape = `\\u${found.flaw.codePoint.toString(16).padStart(4, '0')}`
  // The character can only be there as an escape: give the line of the first one in the file.
  // An escape not itself escaped: after an even number of backslashes.
  const at = new RegExp(String.raw`(?<!\\)(?:\\\\)*\\` + escape.slice(1), 'i').exec(text)
  const line = at === null ? '' : ` at ${lineColumn(text, at.index + at[0].length - escape.length)}`
  return `${path}: ${where} contains ${found.flaw.what}, written as the escape ${escape}${line}; remove it, as PostgreSQL cannot store it`
}

function slugOf (manifestText: string | undefined): string | undefined {
  try {
    const slug = (JSON.parse(manifestText ?? '') as { slug?: unknown }).slug
    return typeof slug === 'string' && new RegExp(SLUG_PATTERN).test(slug) && slug.length <= 64 ? slug : undefined
  } catch {
    return undefined
  }
}
