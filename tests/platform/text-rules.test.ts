// The shared text rules: what PostgreSQL cannot store, where it is, and which names display as
// something they are not.
import { randomBytes } from 'node:crypto'
import t from 'tap'
import { describeFlaw, findUnstorable, invalidUtf8At, nameProblem, unstorableChar, visible } from '../../services/platform/text-rules.js'

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
