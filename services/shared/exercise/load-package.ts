import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { checkManifest, type Manifest } from './manifest-schema.js'
import { isDirectory, readFileTree, type FileMap } from './file-tree.js'
import { missingEntry, type RuntimeName } from './runtimes.js'

/** Starter files of each runtime the exercise accepts. */
export type StarterFiles = Partial<Record<RuntimeName, FileMap>>

export interface ExercisePackage {
  manifest: Manifest
  instructions: string
  starterFiles: StarterFiles
  graderFiles: FileMap
  contentHash: string
}

/** Names the platform sets itself; a secret may not shadow them. */
const RESERVED_ENV = /^(PORT|DATABASE_URL|HOME|PATH|NODE_.*|PYTHON.*|BACKLAB_.*)$/

/** A package that cannot be loaded; `problems` lists every defect found, each naming its file. */
export class ExercisePackageError extends Error {
  constructor (readonly dir: string, readonly problems: string[]) {
    super(`exercise package ${dir} is invalid:\n  - ${problems.join('\n  - ')}`)
    this.name = 'ExercisePackageError'
  }
}

export async function loadExercisePackage (dir: string): Promise<ExercisePackage> {
  const folder = basename(dir)
  const manifestText = await readFile(join(dir, 'exercise.json'), 'utf8').catch(() => undefined)
  if (manifestText === undefined) throw new ExercisePackageError(dir, ['exercise.json: file is missing'])
  let raw: unknown
  try {
    raw = JSON.parse(manifestText)
  } catch (err) {
    throw new ExercisePackageError(dir, [`exercise.json: not valid JSON (${(err as Error).message})`])
  }
  const checked = checkManifest(raw)
  if (!checked.ok) throw new ExercisePackageError(dir, checked.errors.map((e) => `exercise.json: ${e}`))
  const manifest = checked.value

  const problems: string[] = []
  if (manifest.slug !== folder) problems.push(`exercise.json: slug '${manifest.slug}' must match the folder name '${folder}'`)
  const instructions = await readFile(join(dir, 'instructions.md'), 'utf8').catch(() => {
    problems.push('instructions.md: file is missing')
    return ''
  })
  const starterFiles: StarterFiles = {}
  for (const runtime of manifest.runtimes) {
    const files = await readFolder(dir, `starter/${runtime}`, problems)
    starterFiles[runtime] = files
    if (Object.keys(files).length > 0) {
      const missing = missingEntry(runtime, files)
      if (missing !== undefined) problems.push(`starter/${runtime}/: cannot start (${missing})`)
    }
    if (!(await isDirectory(join(dir, 'solution', runtime)))) problems.push(`solution/${runtime}/: folder is missing`)
  }
  const graderFiles = await readFolder(dir, 'grader', problems)
  if (Object.keys(graderFiles).length > 0 && graderFiles[manifest.grader.entry] === undefined) {
    problems.push(`grader/${manifest.grader.entry}: the manifest's grader.entry does not exist`)
  }
  for (const name of manifest.secrets ?? []) {
    if (RESERVED_ENV.test(name)) problems.push(`exercise.json: secret ${name} would replace a variable the platform sets`)
  }
  if (problems.length > 0) throw new ExercisePackageError(dir, problems)

  const contentHash = createHash('sha256')
    .update(JSON.stringify([manifest, instructions, starterFiles, graderFiles]))
    .digest('hex')
  return { manifest, instructions, starterFiles, graderFiles, contentHash }
}

/** Loads every package below `root`; one broken package fails the whole load, naming all defects. */
export async function loadExerciseCatalog (root: string): Promise<ExercisePackage[]> {
  const entries = await readdir(root, { withFileTypes: true })
  const dirs = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => join(root, e.name)).sort()
  return await Promise.all(dirs.map(loadExercisePackage))
}

async function readFolder (dir: string, name: string, problems: string[]): Promise<FileMap> {
  if (!(await isDirectory(join(dir, name)))) {
    problems.push(`${name}/: folder is missing`)
    return {}
  }
  const files = await readFileTree(join(dir, name))
  if (Object.keys(files).length === 0) problems.push(`${name}/: folder is empty`)
  return files
}
