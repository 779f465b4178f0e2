import type { FileMap } from '../file-tree.js'
import { ArchiveFiles } from './archive-files.js'
import { ArchiveRejected, DEFAULT_ARCHIVE_LIMITS, LEAVE_OUT, type ArchiveLimits } from './archive-rules.js'
import { readTarGz } from './tar-gz.js'
import { readZip } from './zip.js'

export { ArchiveRejected, DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits, type ArchiveRule } from './archive-rules.js'

/**
 * Turns an uploaded solution archive (.tar.gz or .zip, told apart by their first bytes) into a
 * file map, entirely in memory: nothing is written to disk and no path in it is ever followed.
 * Throws ArchiveRejected, naming the rule and the entry, for anything that is not plain UTF-8
 * text files inside the solution folder within the limits. Directories are implied by the paths;
 * macOS metadata is dropped; one top folder wrapping every file is stripped.
 */
export async function readArchive (bytes: Buffer, limits: Partial<ArchiveLimits> = {}): Promise<FileMap> {
  const caps: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, ...limits }
  if (bytes.length > caps.maxArchiveBytes) {
    throw new ArchiveRejected('archive-too-large', `the archive is ${bytes.length} bytes; the limit is ${caps.maxArchiveBytes}, so ${LEAVE_OUT}.`)
  }
  const files = new ArchiveFiles(caps)
  switch (formatOf(bytes)) {
    case 'tar.gz': await readTarGz(bytes, files, caps); break
    case 'zip': await readZip(bytes, files); break
    case 'tar':
      throw new ArchiveRejected('unsupported-format', 'the upload is an uncompressed .tar; compress it ' +
        '(tar -czf solution.tar.gz -C your-solution-folder .) or upload a .zip.')
    default:
      throw new ArchiveRejected('unsupported-format', 'the upload is neither a .tar.gz nor a .zip archive ' +
        '(told apart by their first bytes); upload your solution folder as one of them.')
  }
  return files.fileMap()
}

function formatOf (bytes: Buffer): 'tar.gz' | 'zip' | 'tar' | undefined {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'tar.gz'
  const head = bytes.subarray(0, 4).toString('latin1')
  // A local file header, or the end of central directory record that is all an empty zip holds.
  if (head === 'PK\x03\x04' || head === 'PK\x05\x06') return 'zip'
  if (bytes.subarray(257, 262).toString('latin1') === 'ustar') return 'tar'
  return undefined
}
