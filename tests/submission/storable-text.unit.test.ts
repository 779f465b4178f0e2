// Learner bytes are data: whatever they hold, what reaches Postgres can be stored.
import t from 'tap'
import { cutText, storableText, storableValue } from '../../services/submission/storable-text.js'

const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

t.test('NUL becomes ␀ and a lone surrogate U+FFFD, lengths unchanged', async (t) => {
  t.equal(storableText('a\u0000b'), 'a\u2400b')
  t.equal(storableText('x\ud800y\udc00z'), 'x\ufffdy\ufffdz')
  t.equal(storableText('ok 🎉'), 'ok 🎉', 'pairs are kept')
  t.equal(storableText('\u0000\ud83d').length, 2)
})

t.test('cutText never leaves half a pair', async (t) => {
  t.equal(cutText('ab🎉', 3), 'ab')
  t.equal(cutText('ab🎉', 4), 'ab🎉')
  t.notOk(LONE.test(cutText('🎉'.repeat(10), 7)))
})

t.test('storableValue reaches every string of a result', async (t) => {
  const v = storableValue({ message: 'a\u0000', tests: [{ name: 'n', actual: '\ud800' }], score: 1, logTail: null })
  t.same(v, { message: 'a\u2400', tests: [{ name: 'n', actual: '\ufffd' }], score: 1, logTail: null })
})
