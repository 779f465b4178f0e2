import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { FileMap } from '../exercise/file-tree.js'
import { ExercisePackageError, loadExercisePackage, type ExercisePackage } from '../exercise/load-package.js'
import { SLUG_PATTERN } from '../exercise/manifest-schema.js'
import { readValidationMaterial, type ValidationMaterial } from './validation-material.js'

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

function slugOf (manifestText: string | undefined): string | undefined {
  try {
    const slug = (JSON.parse(manifestText ?? '') as { slug?: unknown }).slug
    return typeof slug === 'string' && new RegExp(SLUG_PATTERN).test(slug) && slug.length <= 64 ? slug : undefined
  } catch {
    return undefined
  }
}
