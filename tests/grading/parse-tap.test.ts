import t from 'tap'
import { parseGraderTap } from '../../services/grading/parse-tap.js'

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
