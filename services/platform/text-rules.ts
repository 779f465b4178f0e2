/**
 * What text a client may send, in two rules every boundary shares:
 * - storable text: PostgreSQL cannot hold a NUL in text or jsonb, and jsonb refuses a lone UTF-16
 *   surrogate (node-postgres would silently turn it into U+FFFD in text). Either used to fail the
 *   INSERT and answer 500; now the request is refused first, naming where the character is.
 * - honest names: a file name must display as what it is. Bidirectional controls (before
 *   "txt.js", U+202E makes a JavaScript file read as "sj.txt"), invisible characters, look-alike spaces, separators that
 *   break lines, compatibility forms (ﬁ for fi) and mixed-script look-alikes (a Cyrillic "е" in
 *   "sеrver.js") are refused.
 */

export interface TextFlaw {
  /** Index (UTF-16 code units) of the character in the string. */
  index: number
  /** Its code point, e.g. 0 or 0xd800. */
  codePoint: number
  /** What it is, for a message: "a NUL character (U+0000)". */
  what: string
  /** What to do about it, for a message. */
  fix: string
}

// A NUL, or a surrogate that is not half of a pair (code units, not code points: no `u` flag).
// Shared with storable-text.ts, which shows what this refuses; add the g flag there to replace.
// eslint-disable-next-line no-control-regex -- NUL is what PostgreSQL's text refuses
export const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** The first character of `text` that PostgreSQL cannot store, if any. */
export function unstorableChar (text: string): TextFlaw | undefined {
  const found = UNSTORABLE.exec(text)
  if (found === null) return undefined
  const codePoint = found[0].charCodeAt(0)
  if (codePoint === 0) {
    return {
      index: found.index,
      codePoint,
      what: 'a NUL character (U+0000)',
      fix: 'remove it (in code, write the escape \\0 or \\u0000 instead of the raw character)'
    }
  }
  return {
    index: found.index,
    codePoint,
    what: `a lone surrogate (${hex(codePoint)}: half of a UTF-16 pair, not a character)`,
    fix: 'remove it, or send the text as valid UTF-8'
  }
}

/** "line 3, column 7" (1-based, columns counted in characters) for an index into `text`. */
export function lineColumn (text: string, index: number): string {
  const before = text.slice(0, index)
  const lineStart = before.lastIndexOf('\n') + 1
  const line = before.split('\n').length
  return `line ${line}, column ${[...before.slice(lineStart)].length + 1}`
}

/** Where a flaw is in a string: "at line L, column C" for text of several lines, "at character N" otherwise. */
export function flawAt (text: string, index: number): string {
  return text.includes('\n') ? `at ${lineColumn(text, index)}` : `at character ${[...text.slice(0, index)].length + 1}`
}

/**
 * The offset of the first byte of `bytes` that does not start a well-formed UTF-8 sequence
 * (Unicode's table 3-7: no overlong forms, no surrogates, nothing past U+10FFFF), or undefined.
 */
export function invalidUtf8At (bytes: Uint8Array): number | undefined {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i] as number
    if (b < 0x80) { i++; continue }
    // [length, allowed range of the second byte] per lead byte.
    const [length, lo, hi] = b >= 0xc2 && b <= 0xdf
      ? [2, 0x80, 0xbf]
      : b === 0xe0
        ? [3, 0xa0, 0xbf]
        : b === 0xed
          ? [3, 0x80, 0x9f]
          : (b >= 0xe1 && b <= 0xef)
              ? [3, 0x80, 0xbf]
              : b === 0xf0
                ? [4, 0x90, 0xbf]
                : b === 0xf4
                  ? [4, 0x80, 0x8f]
                  : (b >= 0xf1 && b <= 0xf3)
                      ? [4, 0x80, 0xbf]
                      : [0, 0, 0]
    if (length === 0 || i + length > bytes.length) return i
    const second = bytes[i + 1] as number
    if (second < lo || second > hi) return i
    for (let k = 2; k < length; k++) {
      const c = bytes[i + k] as number
      if (c < 0x80 || c > 0xbf) return i
    }
    i += length
  }
  return undefined
}

/** "line 3, column 7 (byte 40)" for an offset into UTF-8 bytes that are valid up to it. */
export function byteLineColumn (bytes: Uint8Array, offset: number): string {
  const before = Buffer.from(bytes.buffer, bytes.byteOffset, offset)
  return `${lineColumn(before.toString('utf8'), before.toString('utf8').length)} (byte ${offset})`
}

export interface FoundFlaw {
  /** The keys leading to the string, from the root. */
  path: Array<string | number>
  /** true when the flaw is in the key at the end of `path`, not in its value. */
  inKey: boolean
  text: string
  flaw: TextFlaw
}

/**
 * The first string (key or value) anywhere in a parsed JSON value, query or params object that
 * PostgreSQL cannot store. Iterative, so a deeply nested body cannot overflow the stack.
 */
export function findUnstorable (value: unknown): FoundFlaw | undefined {
  // Each entry links to its parent instead of copying its path, so a body nested 500 000 levels
  // deep costs linear time; the path is put together only for the flaw found.
  interface Step { value: unknown, key?: string | number, parent?: Step }
  const pathOf = (step: Step | undefined): Array<string | number> => {
    const path: Array<string | number> = []
    for (let s = step; s?.key !== undefined; s = s.parent) path.push(s.key)
    return path.reverse()
  }
  const stack: Step[] = [{ value }]
  while (stack.length > 0) {
    const step = stack.pop() as Step
    const v = step.value
    if (typeof v === 'string') {
      const flaw = unstorableChar(v)
      if (flaw !== undefined) return { path: pathOf(step), inKey: false, text: v, flaw }
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: step })
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      const keys = Object.keys(v)
      for (const key of keys) {
        const flaw = unstorableChar(key)
        if (flaw !== undefined) return { path: [...pathOf(step), key], inKey: true, text: key, flaw }
      }
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string
        stack.push({ value: (v as Record<string, unknown>)[key], key, parent: step })
      }
    }
  }
  return undefined
}

/** A path into a value as a reader writes it: body.files['server.js'], body.tests[2].name. */
export function fieldPath (root: string, path: ReadonlyArray<string | number>): string {
  const step = (k: string | number): string => typeof k === 'number'
    ? `[${k}]`
    : /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `['${escaped(k)}']`
  // A path thousands of levels deep is shown by its ends.
  if (path.length > 12) {
    return `${root}${path.slice(0, 6).map(step).join('')}…(${path.length - 11} levels)…${path.slice(-5).map(step).join('')}`
  }
  return root + path.map(step).join('')
}

/** A sentence saying where `found` is and what to do, e.g. for a request part named `root`. */
export function describeFlaw (root: string, found: FoundFlaw): string {
  const { flaw, text } = found
  if (found.inKey) {
    return `The field name '${escaped(text)}' in ${fieldPath(root, found.path.slice(0, -1))} contains ${flaw.what} ` +
      `${flawAt(text, flaw.index)}; ${flaw.fix}.`
  }
  return `${fieldPath(root, found.path)} contains ${flaw.what} ${flawAt(text, flaw.index)}; ${flaw.fix}.`
}

// Bidirectional controls: embeddings, overrides and isolates, and the implicit marks (LRM, RLM, ALM).
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u
// Characters that show nothing, or show as a plain space: format characters (zero-width space and
// joiners, soft hyphen, BOM...), spaces other than U+0020, and letters drawn blank (Hangul fillers,
// the blank Braille pattern).
const INVISIBLE = /[\p{Cf}\u115f\u1160\u3164\uffa0\u2800]|(?! )\p{Zs}/u
const SEPARATOR = /[\u2028\u2029]/u
const CONTROL = /\p{Cc}/u
const NO_GLYPH = /[\p{Co}\p{Cn}]/u

/**
 * Scripts a letter is told apart by, for the mixed-script rule. A letter of none of them counts as
 * a script of its own ('another script').
 */
const SCRIPTS = ['Latin', 'Greek', 'Cyrillic', 'Armenian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Devanagari',
  'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao',
  'Tibetan', 'Myanmar', 'Georgian', 'Hangul', 'Ethiopic', 'Cherokee', 'Khmer', 'Mongolian', 'Hiragana', 'Katakana',
  'Bopomofo', 'Han'].map((name) => ({ name, test: new RegExp(`\\p{Script=${name}}`, 'u') }))
/** Scripts written together (Unicode TS #39's "highly restrictive" level, which also allows Latin with each). */
const WRITTEN_TOGETHER = [['Han', 'Hiragana', 'Katakana'], ['Han', 'Bopomofo'], ['Han', 'Hangul']]

/**
 * Why a file path (segments joined by '/') would not display as what it is, as the end of a
 * sentence that starts with the name ("File path 'x' contains ..."), or undefined when it is fine.
 * Structural rules (absolute paths, '..', backslashes) are the caller's.
 */
export function nameProblem (name: string): string | undefined {
  if (CONTROL.test(name)) return 'contains control characters; rename it with printable characters only.'
  const unstorable = unstorableChar(name)
  if (unstorable !== undefined) return `contains ${unstorable.what}; rename it.`
  const bidi = BIDI.exec(name)
  if (bidi !== null) {
    return `contains the invisible bidirectional control ${hex(bidi[0])}, which makes a name display in another order ` +
      'than it has (so it can pass for another name); rename it without it.'
  }
  const separator = SEPARATOR.exec(name)
  if (separator !== null) return `contains the line or paragraph separator ${hex(separator[0])}; rename it on one line.`
  const invisible = INVISIBLE.exec(name)
  if (invisible !== null) {
    return `contains ${hex(invisible[0])}, a character that shows as nothing or as a plain space, so the name ` +
      'looks like another; rename it with visible characters (and plain spaces) only.'
  }
  const noGlyph = NO_GLYPH.exec(name)
  if (noGlyph !== null) {
    return `contains ${hex(noGlyph[0])}, a private-use or unassigned code point that has no agreed look; rename it.`
  }
  for (const ch of name) {
    if (ch.normalize('NFKC') !== ch) {
      return `contains ${hex(ch)} ('${ch}'), a compatibility form of '${ch.normalize('NFKC')}' that displays like it; ` +
        `write '${ch.normalize('NFKC')}' instead.`
    }
  }
  if (name.normalize('NFC') !== name) {
    return 'has a letter written as a base letter plus a combining accent, which displays like the composed ' +
      'letter but is another name; rename it with composed letters (Unicode NFC), which typing it usually gives.'
  }
  for (const segment of name.split('/')) {
    if (/^\p{M}/u.test(segment)) return `has a name ('${escaped(segment)}') that starts with a combining mark; rename it.`
    if (segment !== segment.trim()) {
      return `has a name ('${escaped(segment)}') that starts or ends with a space, which does not show; remove the space.`
    }
    // Word by word, so that a Greek name may still end in .js.
    for (const word of segment.match(/[\p{L}\p{M}]+/gu) ?? []) {
      const scripts = scriptsOf(word)
      if (!oneWritingSystem(scripts)) {
        return `has a word ('${escaped(word)}') that mixes ${[...scripts].join(' and ')} letters, so it can look like ` +
          'another (e.g. a Cyrillic "е" in "sеrver.js"); use the letters of one script in each word.'
      }
    }
  }
  return undefined
}

function scriptsOf (word: string): Set<string> {
  const scripts = new Set<string>()
  for (const ch of word) {
    if (!/\p{L}/u.test(ch)) continue
    scripts.add(SCRIPTS.find((s) => s.test.test(ch))?.name ?? 'another script\'s')
  }
  return scripts
}

function oneWritingSystem (scripts: Set<string>): boolean {
  if (scripts.size <= 1) return true
  const others = [...scripts].filter((s) => s !== 'Latin')
  return WRITTEN_TOGETHER.some((group) => others.every((s) => group.includes(s)))
}

/** U+202E, for a character or a code point. */
function hex (ch: string | number): string {
  const cp = typeof ch === 'number' ? ch : ch.codePointAt(0) ?? 0
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`
}

/**
 * Text as a message shows it: quotes, control characters and characters that show nothing or
 * reorder what follows (bidi controls, separators, odd spaces) escaped as \uXXXX, so a reader sees
 * what is there.
 */
export function visible (text: string): string {
  return JSON.stringify(text).slice(1, -1)
    .replace(/[\p{Cf}\p{Zl}\p{Zp}\p{Co}\u0085]|(?! )\p{Zs}/gu, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`)
}

function escaped (text: string): string {
  return visible(text.length > 120 ? `${text.slice(0, 117)}...` : text)
}
