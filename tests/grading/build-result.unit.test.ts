import t from 'tap'
import { buildResult } from '../../services/grading/build-result.js'
import { HostBusy } from '../../services/grading/grading-errors.js'
import { podOutcome } from '../helpers/pod-outcome.js'
import { ceilings } from '../../services/platform/sandbox-limits.js'
import { loadConfig } from '../../services/platform/config.js'

const limits = ceilings(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }))
const tap = (waits: number): string => `TAP version 14
# backlab-ready-ms: 12
# Subtest: 1. GET /todos answers
    not ok 1 - GET /todos failed: no response within 2000 ms
    1..1
not ok 1 - 1. GET /todos answers
# Subtest: 2. POST /todos answers
    ok 1 - fine
    1..1
ok 2 - 2. POST /todos answers
1..2
# backlab-timed-waits: ${waits}
# backlab-report-complete
`
const outcome = podOutcome
const ctx = { port: 3000, limits, timings: {}, timeScale: 1.5, stretchSlack: 1.25 }

t.test('a wait that ran out while the host slowed down more than the limits were stretched is the host\'s', async (t) => {
  t.throws(() => buildResult(outcome(tap(1)), { ...ctx, slowdown: 2 }), HostBusy)
  t.throws(() => buildResult(outcome(tap(0), { timedOut: true }), { ...ctx, slowdown: 3 }), HostBusy, 'the deadline is a wait too')
  t.throws(() => buildResult(outcome('TAP version 14\nBail out! server-not-listening 7500\n'), { ...ctx, slowdown: 4 }), HostBusy,
    'so is the wait for the server to listen')
})

t.test('a wait that ran out while the code waited for no CPU is the learner\'s, however slow the host', async (t) => {
  t.match(buildResult(outcome(tap(1)), { ...ctx, slowdown: 8, learnerCpuWait: 0.01 }), { verdict: 'tests_failed', timings: { learnerCpuWait: 0.01 } },
    'a hang or a wrong port waits for nothing')
  t.throws(() => buildResult(outcome(tap(1)), { ...ctx, slowdown: 8, learnerCpuWait: 0.6 }), HostBusy, 'a starved server is the host\'s doing')
})

t.test('limits stretched for the load the code met: the same failure is the learner\'s, and says it depended on time', async (t) => {
  t.match(buildResult(outcome(tap(1)), { ...ctx, slowdown: 1 }),
    { status: 'failed', verdict: 'tests_failed', timings: { timedWaits: 1, timeScale: 1.5, hostSlowdown: 1 } })
  t.match(buildResult(outcome(tap(1)), { ...ctx, slowdown: 1.8 }), { verdict: 'tests_failed' }, 'within the slack of the stretch')
})

t.test('a crash is a kernel fact: it stands, whatever waits ran out and however slow the host', async (t) => {
  const crashed = outcome(tap(2), { learnerExit: { exitCode: 1, oomKilled: false, beforeReady: false } })
  t.match(buildResult(crashed, { ...ctx, slowdown: 8, learnerCpuWait: 0.9 }), { verdict: 'server_crashed', timings: { timedWaits: 2 } })
})

t.test('a failure with no wait that ran out stands, however busy the host', async (t) => {
  const result = buildResult(outcome(tap(0)), { ...ctx, slowdown: 3 })
  t.match(result, { status: 'failed', verdict: 'tests_failed', timings: { timedWaits: 0 } })
})

t.test('a learner cannot claim timed waits: only a root-level comment counts', async (t) => {
  const forged = tap(0).replace('    1..1\nnot ok 1', '    # backlab-timed-waits: 9\n    1..1\nnot ok 1')
  t.match(buildResult(outcome(forged), { ...ctx, slowdown: 3 }), { verdict: 'tests_failed', timings: { timedWaits: 0 } })
})

t.test('a server that never listened: what was waited for, how long, and that it printed nothing', async (t) => {
  const result = buildResult(outcome('TAP version 14\nBail out! server-not-listening 7500\n'), { ...ctx, slowdown: 1 })
  t.equal(result.verdict, 'server_did_not_start')
  t.match(result.message, /waited 7\.5 s for your server to accept a TCP connection on port 3000/)
  t.match(result.message, /printed nothing at all/)
  const talking = buildResult(outcome('TAP version 14\nBail out! server-not-listening 5000\n', { learnerLog: 'listening on localhost:3000\n' }), { ...ctx, slowdown: 1 })
  t.notMatch(talking.message, /printed nothing/)
  t.match(talking.message, /end of its log is below/)
})

t.test('a stretched deadline is named as such', async (t) => {
  const result = buildResult(outcome(tap(0), { timedOut: true }), { ...ctx, slowdown: 1 })
  t.match(result, { verdict: 'time_limit', message: /stretched ×1\.5 because the host was busy/ })
})

t.test('printed text decides no verdict: V8\'s "heap out of memory" line and an abort are a crash, not memory_limit', async (t) => {
  const faked = outcome(tap(0), {
    learnerExit: { exitCode: 134, oomKilled: false, beforeReady: false },
    learnerLog: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n'
  })
  t.match(buildResult(faked, { ...ctx, slowdown: 1 }), { verdict: 'server_crashed', message: /code 134 \(SIGABRT/ })
  const killed = outcome(tap(0), { learnerExit: { exitCode: 137, oomKilled: true, beforeReady: false } })
  t.match(buildResult(killed, { ...ctx, slowdown: 1 }), { verdict: 'memory_limit' }, 'the kernel\'s OOM kill is')
})

t.test('where each grader test began in the log travels with the result', async (t) => {
  const marks = [{ test: '1. GET /todos answers', at: 0 }, { test: '2. POST /todos answers', at: 12 }]
  t.same(buildResult(outcome(tap(0), { learnerLog: 'hello\nworld\n', learnerLogMarks: marks }), { ...ctx, slowdown: 1 }).logMarks, marks)
  t.notOk('logMarks' in buildResult(outcome(tap(0)), { ...ctx, slowdown: 1 }), 'none without marks')
})
