// Every verdict buildResult can give, from a pod's outcome and the grader's real TAP: what each
// says to the learner, which wins when several apply (a limit before what it caused), and which
// reports are the platform's fault, never a verdict. build-result.unit.test.ts covers the host's load.
import t from 'tap'
import { buildResult, type ResultContext } from '../../services/grading/build-result.js'
import { PlatformFault } from '../../services/grading/grading-errors.js'
import type { PodOutcome } from '../../services/grading/pod/grading-pod.js'
import { podOutcome } from '../helpers/pod-outcome.js'
import { ceilings } from '../../services/platform/sandbox-limits.js'
import { loadConfig } from '../../services/platform/config.js'

const limits = { ...ceilings(loadConfig({ ...process.env, LOG_LEVEL: 'silent' })), memoryMb: 256, outputKb: 512, pids: 64, deadlineMs: 20_000 }
const ctx: ResultContext = { port: 3000, limits, timings: { queueWaitMs: 5 } }

/** A grader's report of two tests; `second` says whether the second passed. */
const report = (second: 'ok' | 'not ok', end = '# backlab-report-complete\n'): string => `TAP version 14
# Subtest: 1. GET /todos answers
    ok 1 - status 200
    1..1
ok 1 - 1. GET /todos answers
# Subtest: 2. POST /todos creates
    ${second} 1 - POST /todos answered 500, expected 201
    1..1
${second} 2 - 2. POST /todos creates
1..2
${end}`
const passing = report('ok')
const failing = report('not ok')

const outcome = (graderTap: string, extra: Partial<PodOutcome> = {}): PodOutcome => podOutcome(graderTap, { learnerLog: 'listening\n', ...extra })
const exit = (exitCode: number, more: { oomKilled?: boolean, beforeReady?: boolean } = {}): PodOutcome['learnerExit'] =>
  ({ exitCode, oomKilled: more.oomKilled ?? false, beforeReady: more.beforeReady ?? false })

t.test('every test passed: passed, with the score, the log and the timings of both sides', async (t) => {
  const result = buildResult(outcome(passing), ctx)
  t.match(result, {
    status: 'passed',
    verdict: 'tests_passed',
    message: null,
    score: 2,
    maxScore: 2,
    logTail: 'listening\n',
    timings: { queueWaitMs: 5, containerStartMs: 100, timedWaits: 0 }
  })
  t.same(result.tests.map((test) => [test.name, test.status]), [['1. GET /todos answers', 'pass'], ['2. POST /todos creates', 'pass']])
})

t.test('a failing test: tests_failed, counting them and naming the first', async (t) => {
  const result = buildResult(outcome(failing), ctx)
  t.equal(result.status, 'failed')
  t.equal(result.verdict, 'tests_failed')
  t.equal(result.score, 1)
  t.equal(result.maxScore, 2)
  t.match(result.message, /^1 of 2 tests did not pass\. First: 2\. POST \/todos creates: /)
})

t.test('the kernel\'s facts, each with the limit in its message', async (t) => {
  t.match(buildResult(outcome(failing, { learnerExit: exit(137, { oomKilled: true }) }), ctx), {
    status: 'failed',
    verdict: 'memory_limit',
    message: 'Your server was stopped because it used more than 256 MB of memory. Look for data that grows without bound, or very large buffers.'
  })
  t.match(buildResult(outcome(failing, { outputLimitExceeded: true }), ctx), {
    verdict: 'output_limit',
    message: /^Your server was stopped because it wrote more than 512 KB to stdout and stderr, the limit for this exercise\./
  })
  t.match(buildResult(outcome(failing, { timedOut: true }), ctx), {
    verdict: 'time_limit',
    message: /^Grading stopped after 20 s, the time limit for this exercise\. Tests that finished/
  })
  t.equal(buildResult(outcome(failing, { learnerExit: exit(137, { oomKilled: true }), timedOut: true, outputLimitExceeded: true }), ctx).verdict,
    'memory_limit', 'memory first, then output, then time')
  t.equal(buildResult(outcome(failing, { timedOut: true, outputLimitExceeded: true }), ctx).verdict, 'output_limit')
})

t.test('a server that exits: before it was ready, or while it was tested, with what its exit code means', async (t) => {
  t.match(buildResult(outcome('TAP version 14\n', { learnerExit: exit(1, { beforeReady: true }) }), ctx), {
    verdict: 'server_did_not_start',
    message: 'Your server exited with code 1 before it accepted connections on port 3000. The end of its log below shows why.'
  })
  const crashed = buildResult(outcome(failing, { learnerExit: exit(139) }), ctx)
  t.equal(crashed.verdict, 'server_crashed')
  t.match(crashed.message, /^Your server exited with code 139 \(SIGSEGV: the process crashed on an invalid memory access\) while it was being tested/)
  t.match(crashed.message, /First: 2\. POST \/todos creates/)
  t.match(buildResult(outcome(passing, { learnerExit: exit(143) }), ctx), { verdict: 'server_crashed', message: /code 143 \(SIGTERM/ },
    'even when every test passed: it did not stay up')
  t.notMatch(buildResult(outcome(failing, { learnerExit: exit(3) }), ctx).message, /\(SIG/, 'a plain exit code has no signal')
})

t.test('a process limit is named before what it caused, never before memory or output', async (t) => {
  const result = buildResult(outcome(failing, { pidsLimitHit: true }), ctx)
  t.equal(result.verdict, 'process_limit')
  t.match(result.message, /^Your code tried to run more than 64 processes and threads at once, the limit for this exercise, and new ones were refused\. .* Then: 1 of 2 tests did not pass\./)
  t.equal(buildResult(outcome(failing, { pidsLimitHit: true, learnerExit: exit(1) }), ctx).verdict, 'process_limit', 'a crash it caused')
  t.equal(buildResult(outcome(failing, { pidsLimitHit: true, outputLimitExceeded: true }), ctx).verdict, 'output_limit')
  t.equal(buildResult(outcome(failing, { pidsLimitHit: true, learnerExit: exit(137, { oomKilled: true }) }), ctx).verdict, 'memory_limit')
  t.equal(buildResult(outcome(passing, { pidsLimitHit: true }), ctx).verdict, 'tests_passed', 'a refused thread that cost nothing')
})

t.test('a report that is not whole is the platform\'s fault, never a verdict', async (t) => {
  t.throws(() => buildResult(outcome('TAP version 14\nBail out! the grader broke\n'), ctx), new PlatformFault('the grader bailed out: the grader broke'))
  t.throws(() => buildResult(outcome('TAP version 14\n1..0\n'), ctx), new PlatformFault('the grader reported no tests'))
  t.throws(() => buildResult(outcome('TAP version 14\n', { graderTapTruncated: true }), ctx),
    new PlatformFault('the grader reported no tests (its output was cut at the cap)'))
  t.throws(() => buildResult(outcome(passing, { graderTapTruncated: true }), ctx), new PlatformFault('the grader wrote more output than the cap allows'))
  const cut = passing.replace(/^1\.\.2\n/m, '')
  t.throws(() => buildResult(outcome(cut), ctx),
    new PlatformFault('the grader stopped before its report was complete (2 tests, no final plan)'))
})

t.test('runtime sql: the database is ours, so only memory, time or the tasks decide', async (t) => {
  const sql: ResultContext = { limits, timings: {}, sql: true }
  t.match(buildResult(outcome(passing), sql), { status: 'passed', verdict: 'tests_passed' })
  t.match(buildResult(outcome(failing), sql), { verdict: 'tests_failed', message: /^1 of 2 tests did not pass\./ })
  t.match(buildResult(outcome(failing, { learnerExit: exit(137, { oomKilled: true }) }), sql), {
    verdict: 'memory_limit',
    message: /^PostgreSQL was stopped because your SQL made it use more than 256 MB of memory\./
  })
  t.match(buildResult(outcome(failing, { timedOut: true }), sql), {
    verdict: 'time_limit',
    message: 'Grading stopped after 20 s, the time limit for this exercise. Tasks that finished before then are shown.'
  })
  t.equal(buildResult(outcome(failing, { learnerExit: exit(1) }), sql).verdict, 'tests_failed', 'PostgreSQL\'s exit is not a server crash')
  t.throws(() => buildResult(outcome('TAP version 14\nBail out! no database\n'), sql), PlatformFault)
})
