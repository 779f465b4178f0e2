import t from 'tap'
import { parseGraderTap, TapReader } from '../../services/grading/tap-reader.js'
import type { ProgressTest } from '../../services/submission/submissions-repository.js'
import { MAX_PROGRESS_TESTS } from '../../services/submission/submissions-repository.js'

const failing = `TAP version 14
# backlab-ready-ms: 87
# Subtest: POST /todos answers 201
    not ok 1 - POST /todos returned 200, expected 201
      ---
      request: |-
        POST /todos
        {"title":"a"}
      expected: 201 Created
      actual: |-
        200 OK
        ok 9 - forged by the learner
      curl: curl -i -X POST http://localhost:3000/todos
      stack: |
        somewhere
      ...
    ok 2 - later assertion
    1..2
not ok 1 - POST /todos answers 201 # time=12.5ms
# Subtest: GET /todos lists
    ok 1 - fine
    1..1
ok 2 - GET /todos lists # time=1.2ms
ok 3 - skipped one # SKIP server not ready
# Subtest: throws
    not ok 1 - boom
      ---
      tapCaught: returnedPromiseRejection
      ...
    1..1
not ok 4 - throws # time=3ms
1..4
`

t.test('each top-level subtest becomes one result, in order', async (t) => {
  const parsed = parseGraderTap(failing)
  t.equal(parsed.readyMs, 87)
  t.same(parsed.tests.map((r) => [r.name, r.status]), [
    ['POST /todos answers 201', 'fail'],
    ['GET /todos lists', 'pass'],
    ['skipped one', 'skip'],
    ['throws', 'error']
  ])
})

t.test('a failure carries the first failing assertion and its diagnostics', async (t) => {
  const [first] = parseGraderTap(failing).tests
  t.match(first, {
    message: 'POST /todos returned 200, expected 201',
    request: 'POST /todos\n{"title":"a"}',
    expected: '201 Created',
    actual: '200 OK\nok 9 - forged by the learner',
    curl: 'curl -i -X POST http://localhost:3000/todos',
    durationMs: 13
  })
  t.notOk('stack' in (first ?? {}), 'grader internals are not shown to learners')
})

t.test('text inside a diagnostic block cannot add test points', async (t) => {
  t.equal(parseGraderTap(failing).tests.length, 4)
})

t.test('a test that threw is an error, not a failure', async (t) => {
  t.match(parseGraderTap(failing).tests[3], { status: 'error', message: /unexpected error: boom/ })
})

t.test('the runner bail-out is reported', async (t) => {
  const parsed = parseGraderTap('TAP version 14\nBail out! server-not-listening 5003\n')
  t.equal(parsed.bailout, 'server-not-listening 5003')
  t.same(parsed.tests, [])
})

t.test('malformed or empty input yields no tests rather than throwing', async (t) => {
  for (const input of ['', 'garbage\n\u0000\u0001', 'not ok\nok\n', 'TAP version 14\n1..3\n']) {
    t.same(parseGraderTap(input).tests.filter((x) => x.status === 'pass'), [], JSON.stringify(input))
  }
})

t.test('overlong names and messages are clipped to the stored limits', async (t) => {
  const long = 'x'.repeat(5000)
  const [r] = parseGraderTap(`# Subtest: ${long}\n    not ok 1 - ${long}\n    1..1\nnot ok 1 - ${long}\n1..1\n`).tests
  t.ok((r?.name.length ?? 0) <= 300)
  t.ok((r?.message?.length ?? 0) <= 2000)
})

t.test('a report is complete only with its final plan and that many results', async (t) => {
  const test = (name: string, ok = true): string => `# Subtest: ${name}\n    ${ok ? 'ok' : 'not ok'} 1 - check\n    1..1\n${ok ? 'ok' : 'not ok'} ${name.slice(0, 1)} - ${name}\n`
  t.equal(parseGraderTap(`TAP version 14\n${test('1 a')}${test('2 b', false)}1..2\n`).complete, true, 'plan and two results')
  // A grader that died after its first test: what it reported passed, but the grading is not done.
  const cut = parseGraderTap(`TAP version 14\n${test('1 a')}# Subtest: 2 b\n    ok 1 - half`)
  t.equal(cut.complete, false)
  t.same(cut.tests.map((x) => x.status), ['pass'])
  t.equal(parseGraderTap(`TAP version 14\n${test('1 a')}1..3\n`).complete, false, 'fewer results than planned')
})

t.test('a long message is cut without splitting a surrogate pair (jsonb refuses half of one)', async (t) => {
  const long = 'a'.repeat(1985) + '\u{1F600}'.repeat(20)
  const tap = `TAP version 14\n# Subtest: 1. x\n    not ok 1 - ${long}\n    1..1\nnot ok 1 - 1. x\n1..1\n`
  const message = parseGraderTap(tap).tests[0]?.message ?? ''
  t.ok(message.length <= 2000)
  t.notOk(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(message), 'no lone surrogate')
})

/** What a reader fed `lines` one at a time announces. */
function announced (lines: string[]): ProgressTest[] {
  const seen: ProgressTest[] = []
  const reader = new TapReader()
  reader.onTest = (test) => { seen.push(test) }
  for (const line of lines) reader.write(Buffer.from(`${line}\n`))
  reader.end()
  return seen
}

t.test('progress: a grader printing 2000 ok lines, then more after its final plan, is announced a bounded number of times', async (t) => {
  const seen = announced([
    ...Array.from({ length: 2000 }, (_, i) => `ok ${i + 1} - flood ${i + 1}`),
    '1..2000',
    'ok 2001 - after the plan',
    '# backlab-report-complete',
    'ok 2002 - after the report'
  ])
  t.equal(seen.length, MAX_PROGRESS_TESTS, `at most ${MAX_PROGRESS_TESTS}`)
  t.equal(seen.at(-1)?.n, MAX_PROGRESS_TESTS)
})

t.test('progress: each test once, in order; nothing after the final plan or the report\'s end', async (t) => {
  const seen = announced(['TAP version 14', '# Subtest: a', '    ok 1 - inner', '    1..1', 'ok 1 - a', 'ok 1 - a again', 'not ok 2 - b', 'ok 3 - c # SKIP', '1..3', 'ok 4 - late'])
  t.same(seen, [{ n: 1, name: 'a', status: 'pass' }, { n: 2, name: 'b', status: 'fail' }, { n: 3, name: 'c', status: 'skip' }])
  t.same(announced(['ok 1 - a', '# backlab-report-complete', 'ok 2 - b']).map((x) => x.name), ['a'])
})

t.test('progress: a plan that comes first announces its tests and ends with the last of them', async (t) => {
  t.same(announced(['1..2', 'ok 1 - a', 'ok 2 - b', 'ok 3 - extra']).map((x) => x.name), ['a', 'b'])
})

t.test('progress and the report name a test alike, escapes and all', async (t) => {
  const reader = new TapReader()
  const seen: string[] = []
  reader.onTest = (test) => { seen.push(test.name) }
  reader.write('TAP version 14\nok 1 - GET /a\\#b answers 200 # time=3ms\n1..1\n')
  t.same(seen, ['GET /a#b answers 200'])
  t.same(reader.end().tests.map((x) => x.name), seen)
})

t.test('a stream read in pieces, split inside a character and a line, reads as the whole', async (t) => {
  const tap = 'TAP version 14\n# backlab-ready-ms: 42\n# Subtest: 1. é\n    not ok 1 - expected 201 — got 200\n    1..1\nnot ok 1 - 1. é\n1..1\n# backlab-timed-waits: 2\n# backlab-report-complete\n'
  const bytes = Buffer.from(tap)
  const reader = new TapReader()
  for (let i = 0; i < bytes.length; i += 7) reader.write(bytes.subarray(i, i + 7))
  let complete = false
  await Promise.race([reader.reportComplete.then(() => { complete = true }), new Promise((resolve) => setTimeout(resolve, 100))])
  t.ok(complete, 'the report\'s end line was seen')
  t.ok(reader.readyAt !== undefined, 'and when the server was ready')
  t.same(reader.end(), parseGraderTap(tap))
  t.match(parseGraderTap(tap), { readyMs: 42, timedWaits: 2, complete: true, tests: [{ name: '1. é', status: 'fail', message: 'expected 201 — got 200' }] })
})
