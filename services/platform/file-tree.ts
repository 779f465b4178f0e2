import { lstat, readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'

export type FileMap = Record<string, string>

/**
 * Reads every regular file below `root` as UTF-8, keyed by its POSIX path relative to `root`.
 * Symlinks and other special files are skipped: a package is plain files.
 */
export async function readFileTree (root: string): Promise<FileMap> {
  const files: FileMap = {}
  async function walk (dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true })
    entries.sort((a, b) => a.name.localeCompare(b.name))
    for (const entry of entries) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) await walk(path)
      else if (entry.isFile()) files[relative(root, path).split(sep).join('/')] = await readFile(path, 'utf8')
    }
  }
  await walk(root)
  return files
}

export async function isDirectory (path: string): Promise<boolean> {
  return await lstat(path).then((s) => s.isDirectory(), () => false)
}
