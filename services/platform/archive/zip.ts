import { crc32 } from 'node:zlib'
import yauzl from 'yauzl'
import type { ArchiveFiles, EntryHeader } from './archive-files.js'
import { ArchiveRejected, entry } from './archive-rules.js'

// Unix file types, kept by zip tools in the high 16 bits of an entry's external attributes.
const S_IFMT = 0o170000
const S_IFREG = 0o100000
const S_IFDIR = 0o040000
const S_IFLNK = 0o120000
const SPECIAL: Record<number, string> = {
  0o010000: 'a named pipe (FIFO)',
  0o020000: 'a character device',
  0o060000: 'a block device',
  0o140000: 'a socket'
}
const MSDOS_DIRECTORY = 0x10
const STORED = 0
const DEFLATED = 8

/**
 * Reads a .zip into `files`, in memory, with yauzl: it reads the central directory, checks that
 * every entry's data lies inside the archive, and (validateEntrySizes) fails a stream that yields
 * more or fewer bytes than its entry declares. Names are decoded here, not by yauzl, so that our
 * own rules name what is wrong; content is counted by `files` as it inflates, and checked
 * against its CRC-32, which yauzl does not do.
 */
export async function readZip (bytes: Buffer, files: ArchiveFiles): Promise<void> {
  let zip: yauzl.ZipFile
  try {
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true })
  } catch (err) {
    throw corrupt(err)
  }
  let current: string | undefined // the entry being read, to name it when yauzl or zlib fail
  try {
    for await (const e of zip.eachEntry()) {
      // strictFileNames: keep backslashes, which our rules refuse, instead of turning them into '/'.
      current = yauzl.getFileNameLowLevel(e.generalPurposeBitFlag, e.fileNameRaw, e.extraFields, true)
      await readEntry(zip, e, current, files)
      current = undefined
    }
  } catch (err) {
    throw err instanceof ArchiveRejected ? err : corrupt(err, current)
  } finally {
    zip.close()
  }
}

async function readEntry (zip: yauzl.ZipFile, e: yauzl.Entry, name: string, files: ArchiveFiles): Promise<void> {
  const admitted = files.admit(header(e, name))
  if (admitted === undefined) return
  if (e.isEncrypted()) {
    throw new ArchiveRejected('encrypted', `${entry(name)} is encrypted; create the zip without a password.`)
  }
  if (e.compressionMethod !== STORED && e.compressionMethod !== DEFLATED) {
    throw new ArchiveRejected('unsupported-format', `${entry(name)} uses compression method ${e.compressionMethod}; ` +
      'create the zip with the standard (deflate) compression.')
  }
  await files.take(admitted, await zip.openReadStreamPromise(e), (data) => {
    if (crc32(data) !== e.crc32) throw new Error('its content does not match its CRC-32 checksum')
  })
}

function header (e: yauzl.Entry, name: string): EntryHeader {
  const base = { name, declaredSize: e.uncompressedSize }
  const type = (e.externalFileAttributes >>> 16) & S_IFMT
  if (type === S_IFLNK) return { ...base, kind: 'symlink' }
  if (type === S_IFDIR || name.endsWith('/') || (type === 0 && (e.externalFileAttributes & MSDOS_DIRECTORY) !== 0)) {
    return { ...base, kind: 'directory' }
  }
  // 0: made by a tool that records no Unix mode (e.g. on Windows): a plain file.
  if (type === 0 || type === S_IFREG) return { ...base, kind: 'file' }
  return { ...base, kind: 'special', detail: SPECIAL[type] ?? 'a special file' }
}

function corrupt (err: unknown, name?: string): ArchiveRejected {
  const why = err instanceof Error ? err.message : String(err)
  const what = name === undefined ? 'the .zip archive' : `${entry(name)} of the .zip archive`
  return new ArchiveRejected('corrupt', `${what} is damaged or truncated (${why}); create the zip again.`)
}
