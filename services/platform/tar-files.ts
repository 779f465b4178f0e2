import { gzip } from 'node:zlib'
import { promisify } from 'node:util'
import tar from 'tar-stream'
import type { FileMap } from './file-tree.js'

/**
 * Packs validated files into a tar built in memory. Files reach a container only this way, as
 * data on its stdin: the worker never writes learner files to the host or follows their paths.
 * The CLI uploads exercise packages the same way, gzipped.
 */
export async function packFiles (files: FileMap): Promise<Buffer> {
  const pack = tar.pack()
  const chunks: Buffer[] = []
  pack.on('data', (chunk: unknown) => { chunks.push(chunk as Buffer) })
  const done = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve)
    pack.on('error', reject)
  })
  const mtime = new Date(0)
  for (const [path, content] of Object.entries(files)) {
    pack.entry({ name: path, type: 'file', mode: 0o644, mtime }, content)
  }
  pack.finalize()
  await done
  return Buffer.concat(chunks)
}

/** The same tar, gzipped: a .tar.gz. */
export async function packFilesGzipped (files: FileMap): Promise<Buffer> {
  return await promisify(gzip)(await packFiles(files))
}
