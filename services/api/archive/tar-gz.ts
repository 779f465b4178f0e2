import { createGunzip } from 'node:zlib'
import tar from 'tar-stream'
import type { ArchiveFiles, EntryHeader } from './archive-files.js'
import { ArchiveRejected, LEAVE_OUT, type ArchiveLimits } from './archive-rules.js'

/**
 * What the decompressed tar stream may hold beyond the files' contents: a 512-byte header and up
 * to 511 bytes of padding per entry, directories, pax and GNU long-name records, and the end of
 * archive padded to a 10 KiB record. 1 MiB covers that for any archive within the file cap.
 */
const TAR_OVERHEAD_BYTES = 1024 * 1024

const SPECIAL: Record<string, string> = {
  'character-device': 'a character device',
  'block-device': 'a block device',
  fifo: 'a named pipe (FIFO)'
}

/**
 * Reads a .tar.gz into `files`, in memory. Decompression is counted as it streams and stopped as
 * soon as the tar stream passes maxTotalBytes + TAR_OVERHEAD_BYTES, so a gzip bomb costs a few
 * megabytes and milliseconds whatever it would expand to; zlib only inflates as fast as the tar
 * parser consumes.
 */
export async function readTarGz (bytes: Buffer, files: ArchiveFiles, limits: ArchiveLimits): Promise<void> {
  const gunzip = createGunzip()
  const extract = tar.extract()
  const cap = limits.maxTotalBytes + TAR_OVERHEAD_BYTES
  let failure: Error | undefined
  const fail = (err: Error): void => {
    failure ??= err
    gunzip.destroy()
    extract.destroy(failure)
  }

  let expanded = 0
  gunzip.on('data', (chunk: Buffer) => {
    expanded += chunk.length
    if (expanded > cap) {
      fail(new ArchiveRejected('total-too-large', `the archive expands to more than ${cap} bytes when decompressed; ${LEAVE_OUT}.`))
    } else if (!extract.write(chunk)) {
      gunzip.pause()
    }
  })
  extract.on('drain', () => gunzip.resume())
  gunzip.on('end', () => extract.end(null)) // streamx's types want an argument; null writes nothing
  gunzip.on('error', (err) => { fail(corrupt(err)) })
  gunzip.end(bytes)

  try {
    for await (const stream of extract) {
      const admitted = files.admit(header(stream.header))
      if (admitted === undefined) stream.resume()
      else await files.take(admitted, stream as AsyncIterable<Buffer>) // tar-stream yields Buffers
    }
  } catch (err) {
    throw failure ?? (err instanceof ArchiveRejected ? err : corrupt(err))
  } finally {
    gunzip.destroy()
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
    default:
      return { ...base, kind: 'special', detail: SPECIAL[h.type as string] ?? 'an entry of a type that is not supported' }
  }
}

function corrupt (err: unknown): ArchiveRejected {
  const why = err instanceof Error ? err.message : String(err)
  return new ArchiveRejected('corrupt', `the .tar.gz archive is damaged or truncated (${why}); create it again, for example with tar -czf solution.tar.gz -C your-solution-folder .`)
}
