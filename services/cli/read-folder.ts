import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'

/** Never part of a solution, and often huge: not even read. */
const SKIPPED_DIRS = new Set(['node_modules', '__pycache__', 'venv'])

/**
 * A solution folder's files (POSIX paths), without dot-files, dependencies or caches; what is
 * left out is added to `skipped` (folders with a trailing '/').
 */
export async function readSolutionFolder (root: string, skipped: string[] = []): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  async function walk (dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true })
    entries.sort((a, b) => a.name.localeCompare(b.name))
    for (const entry of entries) {
      const path = join(dir, entry.name)
      if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) {
        skipped.push(`${relative(root, path).split(sep).join('/')}${entry.isDirectory() ? '/' : ''}`)
        continue
      }
      if (entry.isDirectory()) await walk(path)
      else if (entry.isFile()) files[relative(root, path).split(sep).join('/')] = await readFile(path, 'utf8')
    }
  }
  await walk(root)
  return files
}
