// The learner's log tail, and where in it each grader test began: what a hidden test could have
// made the server print starts there (hidden-tests.ts).
import t from 'tap'
import { TailBuffer } from '../../../services/grading/pod/output-buffers.js'

/** A buffer whose clock is `now.ms`. */
function buffer (max: number): { log: TailBuffer, now: { ms: number } } {
  const now = { ms: 1000 }
  return { log: new TailBuffer(max, () => now.ms), now }
}

t.test('each mark falls where the text that arrived at or after its time begins', async (t) => {
  const { log, now } = buffer(1000)
  log.push(Buffer.from('ready\n'))
  now.ms = 2000
  log.push(Buffer.from('GET /a\n'))
  now.ms = 3000
  log.push(Buffer.from('POST /hidden\n'))
  const { text, marks } = log.textWithMarks([{ test: 'a', atMs: 1500 }, { test: 'h', atMs: 3000 }, { test: 'late', atMs: 9999 }])
  t.equal(text, 'ready\nGET /a\nPOST /hidden\n')
  t.same(marks, [{ test: 'a', at: 6 }, { test: 'h', at: 13 }, { test: 'late', at: text.length }])
  t.equal(text.slice(marks[1]?.at), 'POST /hidden\n', 'from the hidden test\'s mark on: what came at or after it')
})

t.test('a character split across two chunks counts as arriving with the later one', async (t) => {
  const { log, now } = buffer(1000)
  const e = Buffer.from('é')
  log.push(Buffer.concat([Buffer.from('ab'), e.subarray(0, 1)]))
  now.ms = 2000
  log.push(Buffer.concat([e.subarray(1), Buffer.from('cd')]))
  const { text, marks } = log.textWithMarks([{ test: 'x', atMs: 2000 }])
  t.equal(text, 'abécd')
  t.equal(text.slice(marks[0]?.at), 'écd')
})

t.test('marks move with the tail when its beginning was cut', async (t) => {
  const { log, now } = buffer(20)
  log.push(Buffer.from('0123456789\nold line\n'))
  now.ms = 2000
  log.push(Buffer.from('new line one\nnew line two\n'))
  const { text, marks } = log.textWithMarks([{ test: 'before', atMs: 1 }, { test: 'x', atMs: 2000 }])
  t.match(text, /^\[… \d+ earlier bytes not shown\]\n/)
  t.equal(marks[0]?.at, text.indexOf('\n') + 1, 'a mark before everything kept points at the start of the kept text')
  t.ok(text.slice(marks[1]?.at ?? 0).startsWith('line two') || text.slice(marks[1]?.at ?? 0).startsWith('new line two'), text.slice(marks[1]?.at ?? 0))
  t.equal(log.text(), text, 'text() is the same text')
})

t.test('NUL and bytes that are not UTF-8 come out as text (made storable before Postgres)', async (t) => {
  const { log } = buffer(100)
  log.push(Buffer.from([0x61, 0x00, 0xff, 0x62]))
  t.equal(log.text(), 'a\u0000\ufffdb')
})
