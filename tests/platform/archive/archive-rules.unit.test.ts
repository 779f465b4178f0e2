// The path rules of an archive entry's name, as entrySegments applies them before anything is
// read: what a name stands for, and the one rule (and message) it breaks. The readers' own tests
// (tar-gz, zip) show the same rules reached through real archives.
import t from 'tap'
import {
  ArchiveRejected, DEFAULT_ARCHIVE_LIMITS, entry, entrySegments, isMacOsMetadata, printable, type ArchiveRule
} from '../../../services/platform/archive/archive-rules.js'

const segments = (name: string): string[] => entrySegments(name, DEFAULT_ARCHIVE_LIMITS)

function refusal (name: string, limits = DEFAULT_ARCHIVE_LIMITS): { rule: ArchiveRule, message: string } {
  try {
    entrySegments(name, limits)
  } catch (err) {
    if (err instanceof ArchiveRejected) return { rule: err.rule, message: err.message }
    throw err
  }
  throw new Error(`'${name}' was accepted`)
}

t.test("'.' and empty segments mean nothing: a name stands for its POSIX path", async (t) => {
  t.strictSame(segments('src/app.js'), ['src', 'app.js'])
  for (const name of ['a/./b', 'a//b', './a/b', 'a/b/', './/a/./b/.']) t.strictSame(segments(name), ['a', 'b'], name)
  for (const root of ['', '.', './', './/.']) t.strictSame(segments(root), [], `'${root}' is the root`)
  t.strictSame(segments('a..b/..c'), ['a..b', '..c'], "dots inside a name are not '..'")
  t.strictSame(segments('café au lait.md'), ['café au lait.md'], 'a plain space and accents are fine')
})

t.test('each rule a name can break, with the message that says what to change', async (t) => {
  t.strictSame(refusal('/etc/passwd'), {
    rule: 'absolute-path',
    message: "archive entry '/etc/passwd' is an absolute path; every path must be relative to your solution folder, such as server.js."
  })
  t.equal(refusal('\\server.js').rule, 'absolute-path', 'a leading backslash')
  t.equal(refusal('C:server.js').rule, 'absolute-path', 'a drive letter')
  t.strictSame(refusal('src\\app.js'), {
    rule: 'invalid-character',
    message: "archive entry 'src\\\\app.js' contains a backslash; use '/' between folders."
  })
  t.strictSame(refusal('a/../../etc/passwd'), {
    rule: 'parent-path',
    message: "archive entry 'a/../../etc/passwd' contains '..'; every file must stay inside your solution folder."
  })
  t.equal(refusal('..').rule, 'parent-path')
  t.strictSame(refusal('a\u0001b'), {
    rule: 'invalid-character',
    message: "archive entry 'a\\u0001b' contains control characters; rename it with printable characters only."
  })
  t.equal(refusal('a\u0085b').rule, 'invalid-character', 'a C1 control (NEL) too')
  t.strictSame(refusal('caf\ufffd.js'), { rule: 'not-utf8', message: "archive entry 'caf\ufffd.js' has a name that is not valid UTF-8; rename it." })
})

t.test('a name must display as what it is: the shared name rules apply to the path as kept', async (t) => {
  const bidi = refusal('evil\u202etxt.js')
  t.equal(bidi.rule, 'invalid-character')
  t.equal(bidi.message, "archive entry 'evil\\u202etxt.js' contains the invisible bidirectional control U+202E, which makes a name " +
    'display in another order than it has (so it can pass for another name); rename it without it.')
  const mixed = refusal('src/s\u0435rver.js')
  t.equal(mixed.rule, 'invalid-character')
  t.match(mixed.message, /has a word \('s\u0435rver'\) that mixes Latin and Cyrillic letters/)
  t.equal(refusal('a/ b.js').rule, 'invalid-character', 'a segment that starts with a space')
})

t.test('the path length is counted on the name as written, against the limit given', async (t) => {
  const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxPathLength: 10 }
  t.strictSame(entrySegments('./abcd/efg', limits), ['abcd', 'efg'], '10 characters is within')
  t.strictSame(refusal('./abcd/efgh', limits), {
    rule: 'path-too-long',
    message: "archive entry './abcd/efgh' has a path of 11 characters; the limit is 10, so use shorter folder and file names."
  })
  t.equal(refusal(`${'a/'.repeat(100)}b.js`).rule, 'path-too-long', `the default limit is ${DEFAULT_ARCHIVE_LIMITS.maxPathLength}`)
  t.strictSame(segments(`${'a/'.repeat(98)}bcd`).length, 99, '199 characters are fine by default')
})

t.test('macOS metadata is recognised wherever it is', async (t) => {
  for (const meta of [['__MACOSX', 'a', 'b.js'], ['src', '.DS_Store'], ['._server.js'], ['src', '._app.js']]) {
    t.ok(isMacOsMetadata(meta), meta.join('/'))
  }
  for (const plain of [['server.js'], ['src', 'MACOSX.js'], ['DS_Store'], ['a._b.js'], []]) {
    t.notOk(isMacOsMetadata(plain), plain.join('/'))
  }
})

t.test('names in messages are escaped and shortened', async (t) => {
  t.equal(entry("it's\u200b.js"), "archive entry 'it's\\u200b.js'")
  const long = printable('x'.repeat(500))
  t.equal(long.length, 120)
  t.ok(long.endsWith('...'))
  t.equal(printable('"quoted"\n'), '\\"quoted\\"\\n')
})
