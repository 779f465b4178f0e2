import { zipSync, type Zippable } from 'fflate'

export interface ZippedFolder {
  zip: Uint8Array
  /** The paths in the archive, relative to the chosen folder. */
  paths: string[]
  /** Paths left out: installed dependencies, git's folder, dot-files. */
  skipped: number
}

/**
 * The package as the server reads it: its files at the archive's root, so the chosen folder's own
 * name (the first segment of webkitRelativePath) goes. Dependencies, .git and dot-files (.env,
 * .DS_Store) are never part of a package, and node_modules alone can be thousands of files.
 */
export function packagePath (file: File): string | undefined {
  const relative = file.webkitRelativePath !== '' ? file.webkitRelativePath.split('/').slice(1).join('/') : file.name
  const segments = (relative === '' ? file.name : relative).split('/')
  if (segments.some((s) => s === 'node_modules' || s.startsWith('.'))) return undefined
  return segments.join('/')
}

export async function zipFolder (files: Iterable<File>): Promise<ZippedFolder> {
  const entries: Zippable = {}
  const paths: string[] = []
  let skipped = 0
  for (const file of files) {
    const path = packagePath(file)
    if (path === undefined) { skipped++; continue }
    entries[path] = new Uint8Array(await file.arrayBuffer())
    paths.push(path)
  }
  // A flat key with slashes is stored as that path; folders need no entries of their own.
  return { zip: zipSync(entries, { level: 6 }), paths, skipped }
}
