import { promisify } from 'node:util'
import { gunzip as gunzipCallback } from 'node:zlib'
import tar from 'tar-stream'
import type { ArchiveFiles, EntryHeader } from './archive-files.js'
import { ArchiveRejected, LEAVE_OUT, type ArchiveLimits } from './archive-rules.js'

const gunzip = promisify(gunzipCallback)

/**
 * What the decompressed tar may hold beyond the files' contents: a 512-byte header and up to 511
 * bytes of padding per entry, directories, pax and GNU long-name records, skipped metadata, and
 * the end of archive padded to a 10 KiB record. 1 MiB covers that for any reasonable solution.
 */
const TAR_OVERHEAD_BYTES = 1024 * 1024

const SPECIAL: Record<string, string> = {
  'character-device': 'a character device',
  'block-device': 'a block device',
  fifo: 'a named pipe (FIFO)'
}

/**
 * Reads a .tar.gz into `files`, in memory. zlib counts what it inflates and stops as soon as the
 * output passes maxTotalBytes + TAR_OVERHEAD_BYTES (maxOutputLength), so a gzip bomb costs a few
 * megabytes and milliseconds whatever it would expand to. Inflating first, within that cap, also
 * means the gzip checksum is verified before any entry is judged: a damaged archive is reported
 * as damaged, not as whatever its garbled bytes look like.
 */
export async function readTarGz (bytes: Buffer, files: ArchiveFiles, limits: ArchiveLimits): Promise<void> {
  const cap = limits.maxTotalBytes + TAR_OVERHEAD_BYTES
  let tarBytes: Buffer
  try {
    tarBytes = await gunzip(bytes, { maxOutputLength: cap })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ArchiveRejected('total-too-large', `the archive expands to more than ${cap} bytes when decompressed; ${LEAVE_OUT}.`)
    }
    throw corrupt(err)
  }

  const extract = tar.extract()
  extract.end(tarBytes)
  try {
    for await (const stream of extract) {
      const admitted = files.admit(header(stream.header))
      if (admitted === undefined) stream.resume()
      else await files.take(admitted, stream as AsyncIterable<Buffer>) // tar-stream yields Buffers
    }
  } catch (err) {
    throw err instanceof ArchiveRejected ? err : corrupt(err)
  } finally {
    extract.destroy()
  }
}

function header (h: tar.Header): EntryHeader {
  const base = { name: h.name, declaredSize: h.size }
  switch (h.type) {
    case 'file':
    case 'contiguous-file':
      return { ...base, kind: 'file' }
    case 'directory':
      return { ...base, kind: 'directory' }
    case 'symlink':
      return { ...base, kind: 'symlink', detail: h.linkname ?? '' }
    case 'link':
      return { ...base, kind: 'hardlink', detail: h.linkname ?? '' }
    default: // devices, fifos, and types tar-stream does not know (its type is then null)
      return { ...base, kind: 'special', detail: SPECIAL[h.type as string] ?? 'an entry of a type that is not supported' }
  }
}

function corrupt (err: unknown): ArchiveRejected {
  const why = err instanceof Error ? err.message : String(err)
  return new ArchiveRejected('corrupt', `the .tar.gz archive is damaged or truncated (${why}); ` +
    'create it again, for example with tar -czf solution.tar.gz -C your-solution-folder .')
}
