import type { ExerciseDetail } from '../api-types'
import type { FileMap } from './drafts'

/** The files a runtime starts from; a SQL task without a starter still gets its (empty) file. */
export function starterFiles (exercise: ExerciseDetail, runtime: string): FileMap {
  const files: FileMap = { ...exercise.runtimeDetails[runtime]?.starterFiles }
  if (runtime === 'sql') {
    for (const task of exercise.sql?.tasks ?? []) files[task.file] ??= `-- ${task.title}\n`
  }
  return files
}

const collator = new Intl.Collator(undefined, { numeric: true })

/** The entry file first (what runs), then the rest in natural order, so 02- comes before 10-. */
export function orderedPaths (files: FileMap, entry: string | undefined): string[] {
  return Object.keys(files).sort((a, b) => {
    if (a === entry) return -1
    if (b === entry) return 1
    return collator.compare(a, b)
  })
}
