import { nameProblem, visible } from '../text-rules.js'

/**
 * What an uploaded solution archive may hold, and the error that says which rule an entry broke.
 * Every size is counted on the bytes actually read, never on sizes an archive declares.
 */
export interface ArchiveLimits {
  /** The upload itself, compressed. */
  maxArchiveBytes: number
  /** All files' contents together, uncompressed. */
  maxTotalBytes: number
  /** Files kept (directories and macOS metadata are not counted). */
  maxFiles: number
  /** One file's content, uncompressed. */
  maxFileBytes: number
  /** Characters in an entry's name as written in the archive. */
  maxPathLength: number
}

export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = Object.freeze({
  maxArchiveBytes: 1024 * 1024,
  maxTotalBytes: 1024 * 1024,
  maxFiles: 100,
  maxFileBytes: 256 * 1024,
  maxPathLength: 200
})

export type ArchiveRule =
  | 'archive-too-large' | 'total-too-large' | 'too-many-files' | 'file-too-large' | 'path-too-long'
  | 'absolute-path' | 'parent-path' | 'invalid-character' | 'symlink' | 'hardlink' | 'special-file'
  | 'duplicate-name' | 'not-utf8' | 'nul-character' | 'encrypted' | 'corrupt' | 'unsupported-format'

/** An upload refused: `rule` is what clients match on, the message names the entry and what to change. */
export class ArchiveRejected extends Error {
  override readonly name = 'ArchiveRejected'
  constructor (readonly rule: ArchiveRule, message: string) {
    super(message)
  }
}

export const LEAVE_OUT = "upload only your solution's source files (leave out node_modules and build output)"

/**
 * The path an entry's name stands for, as POSIX segments without empty or '.' ones, so that
 * 'a/./b', 'a//b' and './a/b' all mean a/b; [] is the archive's root. Throws the first rule the
 * name breaks.
 */
export function entrySegments (name: string, limits: ArchiveLimits): string[] {
  const refuse = (rule: ArchiveRule, problem: string): ArchiveRejected => new ArchiveRejected(rule, `${entry(name)} ${problem}`)
  if (name.length > limits.maxPathLength) {
    throw refuse('path-too-long', `has a path of ${name.length} characters; the limit is ${limits.maxPathLength}, so use shorter folder and file names.`)
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) {
    throw refuse('invalid-character', 'contains control characters; rename it with printable characters only.')
  }
  if (name.includes('\ufffd')) throw refuse('not-utf8', 'has a name that is not valid UTF-8; rename it.')
  if (/^[\\/]/.test(name) || /^[a-zA-Z]:/.test(name)) {
    throw refuse('absolute-path', 'is an absolute path; every path must be relative to your solution folder, such as server.js.')
  }
  if (name.includes('\\')) throw refuse('invalid-character', "contains a backslash; use '/' between folders.")
  const segments = name.split('/')
  if (segments.includes('..')) throw refuse('parent-path', "contains '..'; every file must stay inside your solution folder.")
  const kept = segments.filter((s) => s !== '' && s !== '.')
  // Bidi controls, invisible characters, separators and look-alikes: a name must display as what it is.
  const shown = nameProblem(kept.join('/'))
  if (shown !== undefined) throw refuse('invalid-character', shown)
  return kept
}

/** Metadata that macOS adds to archives it makes: dropped silently, it is never part of a solution. */
export function isMacOsMetadata (segments: readonly string[]): boolean {
  const base = segments.at(-1) ?? ''
  return segments.includes('__MACOSX') || base === '.DS_Store' || base.startsWith('._')
}

/** "archive entry 'x'", with the name escaped and shortened so that a message stays readable. */
export function entry (name: string): string {
  return `archive entry '${printable(name)}'`
}

/** Text from an archive, escaped (control and invisible characters, quotes) and shortened for a message. */
export function printable (text: string): string {
  const escaped = visible(text)
  return escaped.length > 120 ? `${escaped.slice(0, 117)}...` : escaped
}
