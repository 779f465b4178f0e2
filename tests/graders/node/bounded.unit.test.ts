// Whatever a learner's server answers, the grader's report quotes it at a bounded size, in
// characters that survive TAP and YAML: only a broken grader can outgrow the report's cap.
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { bounded, boundedDiagnostics, FIELD_MAX_BYTES, headerText, markTestStart, visible } from '@backlab/grader/bounded'
import { describeResponse, failureDiagnostics, requestLabel, type GraderResponse } from '@backlab/grader'
import { parseGraderTap } from '../../../services/grading/tap-reader.js'

const response = (extra: Partial<GraderResponse>): GraderResponse => ({
  request: { method: 'GET', path: '/todos', headers: {} },
  status: 200,
  statusText: 'OK',
  httpVersion: '1.1',
  headers: {},
  text: '',
  bodyBytes: 0,
  json: undefined,
  jsonError: undefined,
  durationMs: 1,
  truncated: false,
  error: undefined,
  ...extra
} as GraderResponse)

t.test('bounded cuts at a byte budget, on a character boundary, and says how much is left out', async (t) => {
  t.equal(bounded('short'), 'short')
  const cut = bounded('\u{1F600}'.repeat(1000), 100)
  t.ok(Buffer.byteLength(cut) <= 100, `${Buffer.byteLength(cut)} bytes`)
  t.match(cut, /^(\u{1F600})+… \(\d+ more bytes\)$/u, 'whole emoji only, then the note')
  t.equal(Number(/\((\d+) more bytes\)/.exec(cut)?.[1]) + Buffer.byteLength(cut.replace(/… \(.*$/, '')), 4000, 'the note counts the rest')
})

t.test('visible escapes what YAML or Postgres would misread, and keeps text as it is', async (t) => {
  t.equal(visible('a\u0085b\u0000c\u2028d\ud800e'), 'a\\x85b\\x00c\\u2028d\\ud800e')
  t.equal(visible('line\nnext\ttab\r\n é 🎉'), 'line\nnext\ttab\r\n é 🎉')
})

t.test('a header value is shown as the bytes the server sent', async (t) => {
  // Node reads header bytes as Latin-1: 0xff 0xfe, and the UTF-8 of é.
  t.equal(headerText('/todos/1\xff\xfe'), '/todos/1\\xff\\xfe')
  t.equal(headerText('caf\xc3\xa9'), 'café', 'UTF-8 in a header is decoded')
  t.equal(headerText('\xed\xa0\x80'), '\\xed\\xa0\\x80', 'an encoded surrogate is not UTF-8')
  const huge = headerText('\x85'.repeat(15_000))
  t.ok(Buffer.byteLength(huge) <= 300, 'a 15 KB header is cut')
  t.match(huge, /^(\\x85)+… \(\d+ more bytes\)$/)
})

t.test('the diagnostics of a failure stay bounded whatever the server answered', async (t) => {
  const id = 'a'.repeat(60_000)
  const res = response({
    request: { method: 'GET', path: `/todos/${id}`, headers: { Authorization: `Bearer ${id}` } },
    statusText: 'OK\x85'.repeat(5000),
    headers: { location: '\x85'.repeat(15_000), 'set-cookie': ['a=1', 'b=2'] } as GraderResponse['headers'],
    text: `{"id":"${id}"}`,
    bodyBytes: 60_010
  })
  const diag = failureDiagnostics(res, `a todo with id ${id}`)
  for (const [field, value] of Object.entries(boundedDiagnostics(diag))) {
    t.ok(Buffer.byteLength(String(value)) <= FIELD_MAX_BYTES, `${field}: ${Buffer.byteLength(String(value))} bytes`)
  }
  t.ok(requestLabel(res.request).length < 400, 'a label names a path, bounded')
  t.match(describeResponse(res, { extraHeaders: ['Set-Cookie'] }), /Set-Cookie: a=1\nSet-Cookie: b=2/, 'each Set-Cookie on its line')
  t.notMatch(describeResponse(res), /\u0085/, 'no raw 0x85')
})

t.test('every failure of a suite run by the runner is bounded, its own t.fail and tap\'s asserts included', async (t) => {
  const dir = await mkdtemp(join(fileURLToPath(new URL('.', import.meta.url)), '.bounded-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const suite = join(dir, 'suite.test.mjs')
  await writeFile(suite, `import t from 'tap'
import { boundFailures, markTestStart } from '@backlab/grader/bounded'
boundFailures(t, { onTopLevelStart: (name) => markTestStart(name) })
const big = 'x'.repeat(200000) + '\\u0085'
t.test('1. own fail', async (t) => { t.fail('m' + big, { actual: big, request: big, found: { big } }) })
t.test('2. tap asserts', async (t) => { t.equal(big, 'y'); t.same({ big }, {}); t.test('inner', async (t) => { t.match(big, /z/) }) })
`)
  const run = spawnSync(process.execPath, [suite], { env: { ...process.env, BACKLAB_CONTROL_TOKEN: 'tok' }, encoding: 'utf8' })
  t.ok(run.stdout.length < 40_000, `the report is small (${run.stdout.length} characters for 5 failures quoting 200 KB each)`)
  t.notMatch(run.stdout, /\u0085/, 'no raw 0x85 in the report')
  const parsed = parseGraderTap(run.stdout)
  t.same(parsed.tests.map((x) => x.name), ['1. own fail', '2. tap asserts'], 'the marks do not disturb the report')
  const marks = [...run.stdout.matchAll(/^# backlab-test-start tok (\d+) (".*")$/gm)].map((m) => JSON.parse(m[2] ?? '""') as string)
  t.same(marks, ['1. own fail', '2. tap asserts'], 'each top-level test marked as it began, with the token')
})

t.test('markTestStart says nothing without the pod\'s control token', async (t) => {
  let written = ''
  markTestStart('x', { env: {}, output: { write: (s) => { written += s } } })
  t.equal(written, '')
  markTestStart('1. a "b"', { env: { BACKLAB_CONTROL_TOKEN: 'k' }, output: { write: (s) => { written += s } } })
  t.match(written, /^\n# backlab-test-start k \d+ "1\. a \\"b\\""\n$/)
})

t.test('a passing assertion\'s message is bounded too', async (t) => {
  const dir = await mkdtemp(join(fileURLToPath(new URL('.', import.meta.url)), '.bounded-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const suite = join(dir, 'pass.test.mjs')
  await writeFile(suite, `import t from 'tap'
import { boundFailures } from '@backlab/grader/bounded'
boundFailures(t)
t.test('1. passes', async (t) => { t.pass('GET /todos/' + 'x'.repeat(100000) + ' answered 200'); t.ok(true, 'y'.repeat(100000)) })
`)
  const run = spawnSync(process.execPath, [suite], { encoding: 'utf8' })
  t.ok(run.stdout.length < 6000, `the report is small (${run.stdout.length} characters)`)
  t.same(parseGraderTap(run.stdout).tests.map((x) => x.status), ['pass'])
})
