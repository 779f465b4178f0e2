import type { FileMap } from '../file-tree.js'
import { byteLineColumn, invalidUtf8At } from '../text-rules.js'
import {
  ArchiveRejected, LEAVE_OUT, entry, entrySegments, isMacOsMetadata, printable, type ArchiveLimits
} from './archive-rules.js'

export type EntryKind = 'file' | 'directory' | 'symlink' | 'hardlink' | 'special'

/** One archive entry as its header describes it, whatever the format. */
export interface EntryHeader {
  /** The name as written in the archive. */
  name: string
  kind: EntryKind
  /** The size the header declares: checked before reading, never trusted while reading. */
  declaredSize: number
  /** For links: what they point at. For special files: what they are, e.g. 'a character device'. */
  detail?: string
}

/** An entry whose content is to be read, and the path it will have in the file map. */
export interface AdmittedEntry {
  name: string
  path: string
}

// fatal: a last guard; invalidUtf8At has already found any byte it would refuse.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Collects the files of one archive, whatever its format, applying every rule that is not about
 * the format itself: names, kinds, duplicates, counts and sizes (counted as bytes arrive), text.
 */
export class ArchiveFiles {
  readonly #limits: ArchiveLimits
  readonly #texts = new Map<string, string>()
  /** path → the name of the entry that gave it, to name both sides of a clash */
  readonly #names = new Map<string, string>()
  #totalBytes = 0

  constructor (limits: ArchiveLimits) {
    this.#limits = limits
  }

  /**
   * Applies the rules that need only the entry's header, and returns the entry to read, or
   * undefined when the entry is skipped (a directory, or macOS metadata).
   */
  admit (header: EntryHeader): AdmittedEntry | undefined {
    const { name, kind, declaredSize } = header
    const segments = entrySegments(name, this.#limits)
    const to = header.detail === undefined ? '' : ` (to '${printable(header.detail)}')`
    if (kind === 'symlink') {
      throw new ArchiveRejected('symlink', `${entry(name)} is a symbolic link${to}; put the file itself in the archive instead.`)
    }
    if (kind === 'hardlink') {
      throw new ArchiveRejected('hardlink', `${entry(name)} is a hard link${to}; put the file itself in the archive instead.`)
    }
    if (kind === 'special') {
      throw new ArchiveRejected('special-file', `${entry(name)} is ${header.detail ?? 'a special file'}; ` +
        'only regular files and folders can be uploaded.')
    }
    if (kind === 'directory' || segments.length === 0 || isMacOsMetadata(segments)) return undefined

    const path = segments.join('/')
    const earlier = this.#names.get(path)
    if (earlier !== undefined) {
      throw new ArchiveRejected('duplicate-name', `${entry(name)} names the same file as the earlier ${entry(earlier)}; keep only one of them.`)
    }
    this.#names.set(path, name)
    if (this.#names.size > this.#limits.maxFiles) {
      throw new ArchiveRejected('too-many-files', `the archive holds more than ${this.#limits.maxFiles} files ` +
        `(stopped at ${entry(name)}); ${LEAVE_OUT}.`)
    }
    if (declaredSize > this.#limits.maxFileBytes) throw this.#fileTooLarge(name, `${declaredSize} bytes`)
    if (this.#totalBytes + declaredSize > this.#limits.maxTotalBytes) throw this.#totalTooLarge(name)
    return { name, path }
  }

  /**
   * Reads an admitted entry's content, counting the bytes as they arrive and stopping as soon as a
   * cap is passed; `verify` may check the bytes before they are decoded (e.g. a checksum).
   */
  async take (admitted: AdmittedEntry, content: AsyncIterable<Uint8Array>, verify?: (bytes: Buffer) => void): Promise<void> {
    const chunks: Uint8Array[] = []
    let size = 0
    for await (const chunk of content) {
      size += chunk.length
      this.#totalBytes += chunk.length
      if (size > this.#limits.maxFileBytes) throw this.#fileTooLarge(admitted.name, `more than ${this.#limits.maxFileBytes} bytes`)
      if (this.#totalBytes > this.#limits.maxTotalBytes) throw this.#totalTooLarge(admitted.name)
      chunks.push(chunk)
    }
    const bytes = Buffer.concat(chunks)
    verify?.(bytes)
    // The platform stores text (PostgreSQL text and jsonb cannot hold a NUL): binaries are refused,
    // and the message says where the first byte that is not text is, in case it is a stray one.
    const nul = bytes.indexOf(0)
    const invalid = invalidUtf8At(nul === -1 ? bytes : bytes.subarray(0, nul))
    if (invalid !== undefined) {
      throw new ArchiveRejected('not-utf8', `${entry(admitted.name)} is not UTF-8 text: byte 0x${hexByte(bytes[invalid])} at ` +
        `${byteLineColumn(bytes, invalid)} is not valid UTF-8; only text files (source code, JSON, Markdown...) can be uploaded, ` +
        'so leave it out or save it as UTF-8.')
    }
    if (nul !== -1) {
      throw new ArchiveRejected('nul-character', `${entry(admitted.name)} has a NUL byte at ${byteLineColumn(bytes, nul)}, ` +
        'which text cannot hold (it marks a binary file); leave the file out, or remove the NUL (in code, write the escape \\0 instead).')
    }
    const text = utf8.decode(bytes)
    this.#texts.set(admitted.path, text)
  }

  /** The files read, keyed by their path relative to the solution folder. */
  fileMap (): FileMap {
    for (const path of this.#texts.keys()) {
      const segments = path.split('/')
      for (let i = 1; i < segments.length; i++) {
        const folder = segments.slice(0, i).join('/')
        const file = this.#names.get(folder)
        if (file !== undefined) {
          throw new ArchiveRejected('duplicate-name', `${entry(this.#names.get(path) ?? path)} is inside '${folder}', ` +
            `which the ${entry(file)} makes a file; rename one of them.`)
        }
      }
    }
    // Zipping a folder (and GitHub's "Download ZIP") wraps everything in one top folder, such as
    // my-solution/server.js. When EVERY file is under the same top folder, that folder is the
    // solution folder itself, so it is stripped. (A solution whose only files are all in one
    // subfolder, such as src/, would lose it too; a runnable solution has its entry file at the top.)
    const paths = [...this.#texts.keys()]
    const top = paths[0]?.split('/')[0]
    const wrapped = top !== undefined && paths.every((p) => p.startsWith(`${top}/`))
    // Object.fromEntries defines own properties, so even a file named __proto__ is kept as a key.
    return Object.fromEntries([...this.#texts].map(([path, text]) => [wrapped ? path.slice(top.length + 1) : path, text]))
  }

  #fileTooLarge (name: string, size: string): ArchiveRejected {
    return new ArchiveRejected('file-too-large', `${entry(name)} is ${size} uncompressed; ` +
      `each file may be at most ${this.#limits.maxFileBytes} bytes.`)
  }

  #totalTooLarge (name: string): ArchiveRejected {
    return new ArchiveRejected('total-too-large', `the archive's files add up to more than ${this.#limits.maxTotalBytes} bytes ` +
      `uncompressed (stopped at ${entry(name)}); ${LEAVE_OUT}.`)
  }
}

function hexByte (byte: number | undefined): string {
  return (byte ?? 0).toString(16).toUpperCase().padStart(2, '0')
}
