// The hostile corpus under runc. The corpus files grade every attack under the platform's default
// runtime (auto: runsc wherever setup installed gVisor); this one grades again, under runc, the
// attacks whose containment depends on the runtime (process and memory limits, the kernel's
// surface, PID 1, escapes), so CI covers both for about a third of the corpus's time (see
// corpus.ts), and a host without gVisor still gets verdicts as right as one with it.
import t from 'tap'
import { ATTACKS, RUNTIME_SENSITIVE, runCorpus } from './corpus.js'

t.test('hostile corpus under runc: the runtime-sensitive attacks', async (t) => {
  t.ok(RUNTIME_SENSITIVE.every((name) => ATTACKS.some((a) => a.name === name)), 'every runtime-sensitive attack is in the corpus')
  await runCorpus(t, ATTACKS.filter((a) => RUNTIME_SENSITIVE.includes(a.name)).map((a) => a.name), { runtime: 'runc' })
})
