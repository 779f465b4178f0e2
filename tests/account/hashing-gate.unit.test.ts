// The password hashing semaphore, with work the test holds and lets go of: the order and the
// refusals, not timings.
import t from 'tap'
import { createHashingGate, GateBusy } from '../../services/account/hashing-gate.js'

function held (): { promise: Promise<void>, release: () => void } {
  let release: () => void = () => {}
  const promise = new Promise<void>((resolve) => { release = resolve })
  return { promise, release }
}

t.test('at most `concurrency` run; a bounded line waits in order; the next one is refused at once', async (t) => {
  const gate = createHashingGate({ concurrency: 2, maxWaiting: 2, maxWaitMs: 60_000 })
  const started: number[] = []
  const works = Array.from({ length: 4 }, () => held())
  const runs = works.map(async (w, i) => await gate.run(async () => { started.push(i); await w.promise; return i }))
  await new Promise((resolve) => setImmediate(resolve))
  t.same(started, [0, 1], 'two run')
  await t.rejects(gate.run(async () => 'late'), GateBusy, 'a fifth is refused without waiting')
  works[1]?.release()
  await runs[1]
  await new Promise((resolve) => setImmediate(resolve))
  t.same(started, [0, 1, 2], 'a freed slot goes to the first in line')
  for (const w of works) w.release()
  t.same(await Promise.all(runs), [0, 1, 2, 3])
  t.match(gate.stats, { started: 4, refused: 1, peak: 2 })
})

t.test('a caller that would wait longer than maxWaitMs is refused, and leaves the line', async (t) => {
  const gate = createHashingGate({ concurrency: 1, maxWaiting: 5, maxWaitMs: 10 })
  const blocker = held()
  const running = gate.run(async () => { await blocker.promise })
  await t.rejects(gate.run(async () => 'never'), GateBusy)
  blocker.release()
  await running
  t.equal(await gate.run(async () => 'next'), 'next', 'the slot was not lost')
  t.match(gate.stats, { started: 2, refused: 1, peak: 1 })
})

t.test('a failing hash frees its slot', async (t) => {
  const gate = createHashingGate({ concurrency: 1, maxWaiting: 0, maxWaitMs: 0 })
  await t.rejects(gate.run(async () => { throw new Error('boom') }), /boom/)
  t.equal(await gate.run(async () => 'ok'), 'ok')
})
