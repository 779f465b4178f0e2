// The shared text rules: what PostgreSQL cannot store, where it is, and which names display as
// something they are not.
import { randomBytes } from 'node:crypto'
import t from 'tap'
import {
  byteLineColumn, describeFlaw, fieldPath, findUnstorable, flawAt, invalidUtf8At, lineColumn, nameProblem, unstorableChar, visible
} from '../../services/platform/text-rules.js'

t.test('unstorable characters: NUL and lone surrogates, not whole pairs', async (t) => {
  t.equal(unstorableChar('fine 😀 text'), undefined)
  t.match(unstorableChar('a\u0000b'), { index: 1, codePoint: 0 })
  t.match(unstorableChar('x\ud83d'), { index: 1, codePoint: 0xd83d })
  t.match(unstorableChar('\ude00x'), { index: 0, codePoint: 0xde00 })
  t.match(unstorableChar('😀\ude00'), { index: 2, codePoint: 0xde00 }, 'a low surrogate after a whole pair')
})

t.test('findUnstorable walks keys and values, however deep, without recursion', async (t) => {
  let deep: unknown = 'bad\u0000'
  for (let i = 0; i < 100_000; i++) deep = [deep]
  const deepest = findUnstorable(deep)
  t.match(deepest, { flaw: { codePoint: 0 } })
  t.equal(deepest === undefined ? '' : describeFlaw('body', deepest),
    'body[0][0][0][0][0][0]…(99989 levels)…[0][0][0][0][0] contains a NUL character (U+0000) at character 4; ' +
    'remove it (in code, write the escape \\0 or \\u0000 instead of the raw character).', 'a deep path is shown by its ends')
  const found = findUnstorable({ files: { 'ok.js': 'x', 'server.js': 'one\ntwo \ud800' } })
  t.equal(found === undefined ? '' : describeFlaw('body', found),
    "body.files['server.js'] contains a lone surrogate (U+D800: half of a UTF-16 pair, not a character) at line 2, column 5; remove it, or send the text as valid UTF-8.")
})

t.test('invalidUtf8At agrees with a strict UTF-8 decoder', async (t) => {
  const strict = new TextDecoder('utf-8', { fatal: true })
  const valid = (b: Uint8Array): boolean => { try { strict.decode(b); return true } catch { return false } }
  const samples = [
    Buffer.from('plain ascii'), Buffer.from('é 😀 日本'), Buffer.from([0xc0, 0x80]), Buffer.from([0xed, 0xa0, 0x80]),
    Buffer.from([0xf4, 0x90, 0x80, 0x80]), Buffer.from([0xe2, 0x82]), Buffer.from([0xf0, 0x9f, 0x98, 0x80])
  ]
  // Random bytes biased towards multi-byte lead and continuation bytes.
  for (let i = 0; i < 20_000; i++) {
    samples.push(Buffer.from([...randomBytes(6)].map((b) => (b & 1) === 0 ? 0x80 | (b & 0x7f) : b)))
  }
  let disagreements = 0
  for (const s of samples) if ((invalidUtf8At(s) === undefined) !== valid(s)) disagreements++
  t.equal(disagreements, 0)
  t.equal(invalidUtf8At(Buffer.from([0x61, 0x0a, 0xe9])), 2)
})

t.test('names', async (t) => {
  for (const ok of ['server.js', 'src/app.js', 'src/Ελληνικά.js', '日本語ファイル.js', '한국어.md', 'café au lait.md', 'a-b_c.d.js', 'README']) {
    t.equal(nameProblem(ok), undefined, visible(ok))
  }
  for (const bad of ['a\u202eb', 'a\u2066b', 'a\u200fb', 'a\u061cb', 'a\u2028b', 'a\u2029b', 'a\u200bb', 'a\ufeffb', 'a\u00adb', 'a\u3164b',
    'a\u00a0b', 'a\u3000b', 'a\ue000b', 'a\u0378b', '\ufb01', 'ｓerver.js', 'cafe\u0301', '\u0301a', ' a', 'a ', 'pаypal.js', 'a\u0007b', 'a\u009bb']) {
    t.type(nameProblem(bad), 'string', visible(bad))
  }
})

t.test('visible escapes what would not show, so messages show what is there', async (t) => {
  t.equal(visible('a\u202eb\u2028c\u00a0d"e'), 'a\\u202eb\\u2028c\\u00a0d\\"e')
})

t.test('where a flaw is: line and column for text of several lines, the character otherwise, counted in characters', async (t) => {
  t.equal(lineColumn('ab\ncd\n😀x', 8), 'line 3, column 2', 'an emoji is one column')
  t.equal(lineColumn('abc', 0), 'line 1, column 1')
  t.equal(flawAt('😀😀x', 4), 'at character 3')
  t.equal(flawAt('a\nbc', 3), 'at line 2, column 2')
  t.equal(byteLineColumn(Buffer.from('é\nab', 'utf8'), 5), 'line 2, column 3 (byte 5)', 'é is two bytes, one column')
})

t.test('field paths read as code: identifiers dotted, other keys quoted and escaped, indexes in brackets', async (t) => {
  t.equal(fieldPath('body', ['files', 'server.js']), "body.files['server.js']")
  t.equal(fieldPath('body', ['tests', 2, 'name']), 'body.tests[2].name')
  t.equal(fieldPath('query', ['$ok', '_x1', "it's\u202e"]), "query.$ok._x1['it's\\u202e']")
  t.equal(fieldPath('params', []), 'params')
})

t.test('a flaw in a key names the key and where it sits', async (t) => {
  const found = findUnstorable({ files: { 'a\u0000.js': 'fine' } })
  t.match(found, { path: ['files', 'a\u0000.js'], inKey: true })
  t.equal(found === undefined ? '' : describeFlaw('body', found),
    "The field name 'a\\u0000.js' in body.files contains a NUL character (U+0000) at character 2; " +
    'remove it (in code, write the escape \\0 or \\u0000 instead of the raw character).')
  t.equal(findUnstorable({ a: [1, true, null, { b: 'ok' }], c: Buffer.from([0]) }), undefined, 'numbers, booleans, null and Buffers hold no text')
})

t.test('names: the reason says what is wrong and what to do', async (t) => {
  t.equal(nameProblem('a\u0007b'), 'contains control characters; rename it with printable characters only.')
  t.equal(nameProblem('x\ud800.js'), 'contains a lone surrogate (U+D800: half of a UTF-16 pair, not a character); rename it.')
  t.equal(nameProblem('a\u2028b'), 'contains the line or paragraph separator U+2028; rename it on one line.')
  t.equal(nameProblem('\ufb01le.js'), "contains U+FB01 ('\ufb01'), a compatibility form of 'fi' that displays like it; write 'fi' instead.")
  t.equal(nameProblem('src/ app.js'), "has a name (' app.js') that starts or ends with a space, which does not show; remove the space.")
  t.equal(nameProblem('p\u0430ypal.js'), "has a word ('p\u0430ypal') that mixes Latin and Cyrillic letters, so it can look like " +
    'another (e.g. a Cyrillic "е" in "sеrver.js"); use the letters of one script in each word.')
  t.match(nameProblem('cafe\u0301.md'), /^has a letter written as a base letter plus a combining accent/)
  t.match(nameProblem('a\u00a0b'), /^contains U\+00A0, a character that shows as nothing or as a plain space/)
  t.match(nameProblem('a\ue000'), /^contains U\+E000, a private-use or unassigned code point/)
  for (const ok of ['漢字かなカナ.js', 'ReadMe漢字.md', '한국어漢字.md', 'αβγ/server.js', 'Ελληνικά-notes.md']) t.equal(nameProblem(ok), undefined, ok)
  t.type(nameProblem('αβγabc.js'), 'string', 'Greek and Latin in one word')
  t.type(nameProblem('カナ한국.js'), 'string', 'Katakana and Hangul are not written together')
})
