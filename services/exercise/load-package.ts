import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { checkManifest, type Manifest } from './manifest-schema.js'
import { isDirectory, readFileTree, type FileMap } from '../platform/file-tree.js'
import { isServerRuntime, missingEntry, type RuntimeName } from './runtimes.js'
import { SQL_DATASETS, SQL_GENERATOR, sqlGraderBundle } from './sql-tasks.js'

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
  /** `manifest` is set when exercise.json itself was valid, so the other files can be checked too. */
  constructor (readonly dir: string, readonly problems: string[], readonly manifest?: Manifest) {
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
    if (Object.keys(files).length > 0 && isServerRuntime(runtime)) {
      const missing = missingEntry(runtime, files)
      if (missing !== undefined) problems.push(`starter/${runtime}/: cannot start (${missing})`)
    }
    if (!(await isDirectory(join(dir, 'solution', runtime)))) problems.push(`solution/${runtime}/: folder is missing`)
  }
  let graderFiles = await readFolder(dir, 'grader', problems)
  if (manifest.runtimes.includes('sql')) {
    graderFiles = { ...graderFiles, ...await sqlPackageProblems(dir, manifest, starterFiles.sql ?? {}, problems) }
  } else {
    if (manifest.port === undefined) problems.push('exercise.json: port is required: the learner\'s server listens on it')
    if (manifest.sql !== undefined) problems.push('exercise.json: sql settings need runtimes ["sql"]')
  }
  if (Object.keys(graderFiles).length > 0 && graderFiles[manifest.grader.entry] === undefined) {
    problems.push(`grader/${manifest.grader.entry}: the manifest's grader.entry does not exist`)
  }
  for (const name of manifest.secrets ?? []) {
    if (RESERVED_ENV.test(name)) problems.push(`exercise.json: secret ${name} would replace a variable the platform sets`)
  }
  if (problems.length > 0) throw new ExercisePackageError(dir, problems, manifest)

  const contentHash = createHash('sha256')
    .update(JSON.stringify([manifest, instructions, starterFiles, graderFiles]))
    .digest('hex')
  return { manifest, instructions, starterFiles, graderFiles, contentHash }
}

/**
 * The checks only an SQL exercise needs, and its grader bundle. Runtime `sql` stands alone: its
 * submissions are task files, not a server, so no other runtime can share the exercise.
 */
async function sqlPackageProblems (dir: string, manifest: Manifest, starter: FileMap, problems: string[]): Promise<FileMap> {
  const settings = manifest.sql
  if (manifest.runtimes.length > 1) problems.push('exercise.json: runtime "sql" cannot be combined with another runtime')
  if (manifest.services !== undefined && manifest.services.length > 0) problems.push('exercise.json: an sql exercise has its own database; drop services')
  if (manifest.secrets !== undefined && manifest.secrets.length > 0) problems.push('exercise.json: an sql exercise has no server to give secrets to')
  if (settings === undefined) {
    problems.push('exercise.json: runtime "sql" needs the sql settings (its tasks)')
    return {}
  }
  const files = settings.tasks.map((task) => task.file)
  settings.tasks.forEach((task, i) => {
    if (Number(task.file.slice(0, 2)) !== i + 1) problems.push(`exercise.json: sql.tasks.${i}.file must start with ${String(i + 1).padStart(2, '0')}- (tasks are numbered in order)`)
    if (task.kind === 'change' && task.tables === undefined) problems.push(`exercise.json: sql.tasks.${i} (change) must list the tables it compares`)
    if (task.kind !== 'query' && task.compare !== undefined) problems.push(`exercise.json: sql.tasks.${i}: compare applies to query tasks only`)
    // Which of several equal rows would the order be checked on? Ask for DISTINCT in the task instead.
    if (task.compare?.orderBy !== undefined && task.compare.duplicates === 'ignore') problems.push(`exercise.json: sql.tasks.${i}: compare.orderBy cannot be combined with duplicates "ignore"`)
  })
  if (new Set(files).size !== files.length) problems.push('exercise.json: sql.tasks name a file twice')
  const reference = await readFolder(dir, 'solution/sql', problems)
  for (const [folder, present] of [['starter/sql', starter], ['solution/sql', reference]] as const) {
    const missing = files.filter((f) => present[f] === undefined)
    const extra = Object.keys(present).filter((f) => !files.includes(f))
    if (Object.keys(present).length > 0 && missing.length > 0) problems.push(`${folder}/: missing ${missing.join(', ')}`)
    if (extra.length > 0) problems.push(`${folder}/: ${extra.join(', ')} ${extra.length === 1 ? 'is' : 'are'} not a task in exercise.json`)
  }
  const datasets: FileMap = {}
  for (const name of SQL_DATASETS) {
    const text = await readFile(join(dir, 'datasets', name), 'utf8').catch(() => undefined)
    if (text === undefined) problems.push(`datasets/${name}: file is missing`)
    else datasets[name] = text
  }
  // Read as text only: the generator is instructor code that runs in the grader's container alone.
  const generator = await readFile(join(dir, 'datasets', SQL_GENERATOR), 'utf8').catch(() => undefined)
  if (generator !== undefined && !/\bexport\s+default\b/.test(generator)) {
    problems.push(`datasets/${SQL_GENERATOR}: must have a default export, the function generate(random, helpers) returning the dataset's SQL`)
  }
  return sqlGraderBundle(settings, reference, datasets, manifest, generator)
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
